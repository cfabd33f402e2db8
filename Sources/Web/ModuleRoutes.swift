import Contracts
import Foundation
import Hummingbird

/// What the executable hands each feature module to register on, under `/api/v1`. Authorisation lives
/// on the group, not in handlers, so no handler can forget it:
/// - `open`: no caller needed (login, probes);
/// - `authenticated`: any logged-in caller;
/// - `platformAdmin`: `/admin/…`, platform administrators only (anyone else: 403);
/// - `unitAdmin(…)`: `/units/:institutionId/…`, the administrators of that institution only (anyone
///   else, including administrators of other units: 404, so institutions cannot be probed).
public struct ModuleRoutes {
    public let open: RouterGroup<AppRequestContext>
    public let authenticated: RouterGroup<AppRequestContext>
    public let platformAdmin: RouterGroup<AppRequestContext>

    public init(open: RouterGroup<AppRequestContext>, authenticated: RouterGroup<AppRequestContext>) {
        self.open = open
        self.authenticated = authenticated
        self.platformAdmin = authenticated.group("/admin").add(middleware: PlatformAdminMiddleware())
    }

    /// Routes under `path` (which names the institution in `institutionParameter`) for that
    /// institution's unit administrators.
    public func unitAdmin(
        _ path: RouterPath = "/units/:institutionId", institutionParameter: String = "institutionId"
    ) -> RouterGroup<AppRequestContext> {
        authenticated.group(path).add(middleware: UnitAdminMiddleware(institutionParameter: institutionParameter))
    }
}

/// Lets platform administrators through; 403 for everyone else.
public struct PlatformAdminMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try context.requirePlatformAdmin()
        return try await next(request, context)
    }
}

/// Lets the administrators of the institution named in the path through; 404 for everyone else.
public struct UnitAdminMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let institutionParameter: String

    public init(institutionParameter: String) {
        self.institutionParameter = institutionParameter
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let caller = try context.requireCaller()
        guard let text = context.parameters.get(institutionParameter), let id = UUID(uuidString: text),
              caller.isUnitAdmin(of: InstitutionID(id))
        else { throw Problem.notFound }
        return try await next(request, context)
    }
}
