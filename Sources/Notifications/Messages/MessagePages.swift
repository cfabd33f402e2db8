import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 消息 in the console (issue 27): the signed-in administrator's messages, newest first, by keyset
/// pages; mark one read, mark all read (POST forms with the console's CSRF token). Through
/// `MessageService`, like `/api/v1/me/messages`: only the owner sees or marks a message.
struct MessagePages: Sendable {
    let messages: MessageService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(messages: MessageService, layout: ConsoleLayout) throws {
        self.messages = messages
        self.layout = layout
        templates = try ConsoleTemplates(MessageTemplates.all)
    }

    func register(on console: ConsoleRoutes) {
        let group = console.signedIn
        group.get(NotificationsPaths.consoleMessages.route, use: list)
        group.post(NotificationsPaths.consoleRead.route, use: read)
        group.post(NotificationsPaths.consoleReadAll.route, use: readAll)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await page(try PageRequest.consolePage(request), context: context)
    }

    func page(_ request: PageRequest, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let inbox = try await messages.inbox(of: caller.accountID, page: request)
        let model = MessageListPageModel(inbox, csrf: context.consoleCSRF ?? "", error: error)
        return layout.page("消息", body: templates.render("list", model), context: context, status: status)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        return try await ConsoleAction.run(request, context: context) { _ in
            _ = try await messages.markRead(id, of: caller.accountID)
        } refused: { message, status in
            try await page(PageRequest(limit: 20), context: context, error: message, status: status)
        } then: {
            NotificationsPaths.consoleMessages.link()
        }
    }

    @Sendable func readAll(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try await ConsoleAction.run(request, context: context) { _ in
            _ = try await messages.markAllRead(of: caller.accountID)
        } refused: { message, status in
            try await page(PageRequest(limit: 20), context: context, error: message, status: status)
        } then: {
            NotificationsPaths.consoleMessages.link()
        }
    }
}
