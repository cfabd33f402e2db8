import Contracts
import Hummingbird
import Web

/// The caller's inbox (授权访问消息), on the `authenticated` group.
struct MessageRoutes: Sendable {
    let messages: MessageService

    func register(on routes: ModuleRoutes) {
        let mine = routes.authenticated
        mine.get(NotificationsPaths.messages.route, use: list)
        mine.post(NotificationsPaths.read.route, use: read)
        mine.post(NotificationsPaths.readAll.route, use: readAll)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> InboxResponse {
        let caller = try context.requireCaller()
        let inbox = try await messages.inbox(of: caller.accountID, page: try PageRequest(query: request))
        return InboxResponse(items: inbox.page.items, nextCursor: inbox.page.nextCursor, unreadCount: inbox.unreadCount)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> MessageResponse {
        let caller = try context.requireCaller()
        _ = try await request.decodeJSONOrEmpty(as: EmptyRequest.self, context: context)
        return MessageResponse(try await messages.markRead(try context.uuidParameter("id"), of: caller.accountID))
    }

    @Sendable func readAll(_ request: Request, context: AppRequestContext) async throws -> ReadAllResponse {
        let caller = try context.requireCaller()
        _ = try await request.decodeJSONOrEmpty(as: EmptyRequest.self, context: context)
        return ReadAllResponse(marked: try await messages.markAllRead(of: caller.accountID), unreadCount: 0)
    }
}
