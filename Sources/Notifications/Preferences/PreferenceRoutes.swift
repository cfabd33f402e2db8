import Contracts
import Hummingbird
import Web

/// The caller's message preferences, on the `authenticated` group.
struct PreferenceRoutes: Sendable {
    let preferences: PreferenceService

    func register(on routes: ModuleRoutes) {
        routes.authenticated.get(NotificationsPaths.preferences.route, use: show)
        routes.authenticated.put(NotificationsPaths.preferences.route, use: update)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> PreferencesResponse {
        try await preferences.preferences(of: try context.requireCaller().accountID)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> PreferencesResponse {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: PreferencesRequest.self, context: context)
        return try await preferences.update(input.preferences, of: caller.accountID)
    }
}
