import Hummingbird

/// What the executable hands each feature module to register on: `open` routes (login, probes of the
/// module) under `/api/v1`, and `authenticated` ones, where the caller is always known.
public struct ModuleRoutes {
    public let open: RouterGroup<AppRequestContext>
    public let authenticated: RouterGroup<AppRequestContext>

    public init(open: RouterGroup<AppRequestContext>, authenticated: RouterGroup<AppRequestContext>) {
        self.open = open
        self.authenticated = authenticated
    }
}
