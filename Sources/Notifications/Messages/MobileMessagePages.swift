import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 授权访问消息 on the candidates' pages (`/m/messages`, issue 28): the caller's messages, newest first,
/// by keyset pages, each opening the page it is about; mark one or all read. Through `MessageService`,
/// like `/api/v1/me/messages`: only the owner sees or marks a message.
struct MobileMessagePages: Sendable {
    let messages: MessageService
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(messages: MessageService, mobile: MobileRoutes) throws {
        self.messages = messages
        self.mobile = mobile
        templates = try ConsoleTemplates(MobileMessageTemplates.all)
    }

    func register() {
        mobile.home.add("授权访问消息", at: NotificationsPaths.mobileMessages, section: .personal, order: 30, id: "home-messages") { caller in
            // The count rode in with the session: no statement.
            guard let unread = caller.preloaded.flatMap(UnreadStore.preloadedUnread(in:)), unread > 0 else { return nil }
            return "\(unread) 条未读"
        }
        mobile.signedIn.get(NotificationsPaths.mobileMessages.route, use: list)
        mobile.signedIn.post(NotificationsPaths.mobileRead.route, use: read)
        mobile.signedIn.post(NotificationsPaths.mobileReadAll.route, use: readAll)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await page(try PageRequest.consolePage(request), context: context)
    }

    func page(_ request: PageRequest, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let inbox = try await messages.inbox(of: caller.accountID, page: request)
        let model = MobileMessageListModel(inbox, csrf: context.consoleCSRF ?? "", error: error)
        return mobile.layout.page("授权访问消息", body: templates.render("list", model), context: context, status: status)
    }

    /// Marks the message read and opens what it is about (or the list, for a message about nothing).
    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        var target: String?
        return try await ConsoleAction.run(request, context: context) { form in
            let message = try await messages.markRead(id, of: caller.accountID)
            target = form["open"] == "1" ? message.link.flatMap(MobileMessageRow.target(of:)) : nil
        } refused: { message, status in
            try await page(PageRequest(limit: 20), context: context, error: message, status: status)
        } then: {
            target ?? NotificationsPaths.mobileMessages.link()
        }
    }

    @Sendable func readAll(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try await ConsoleAction.run(request, context: context) { _ in
            _ = try await messages.markAllRead(of: caller.accountID)
        } refused: { message, status in
            try await page(PageRequest(limit: 20), context: context, error: message, status: status)
        } then: {
            NotificationsPaths.mobileMessages.link()
        }
    }
}
