import Contracts
import Hummingbird
import Web

/// The caller's WeChat subscribe-message acceptances, on the `authenticated` group.
struct SubscriptionRoutes: Sendable {
    let subscriptions: SubscriptionService

    func register(on routes: ModuleRoutes) {
        routes.authenticated.post(NotificationsPaths.subscriptions.route, use: accept)
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> SubscriptionsResponse {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: SubscriptionRequest.self, context: context)
        let counts = try await subscriptions.accept(input.templateIds, by: caller.accountID)
        return SubscriptionsResponse(items: counts.map { SubscriptionsResponse.Item(templateId: $0.0, remaining: $0.1) })
    }
}
