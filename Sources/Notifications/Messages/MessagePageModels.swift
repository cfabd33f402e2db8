import Console
import Contracts
import Foundation
import Web

/// One message in the console's list.
struct MessageRow: Sendable {
    let title: String
    let text: String
    let time: String
    let unread: Bool
    /// The console page the message opens (a unit administrator's messages link there); nil otherwise.
    let href: String?
    let readAction: String

    init(_ message: MessageResponse) {
        title = message.title
        text = message.text
        time = ConsoleFormat.minute(message.createdAt)
        unread = message.readAt == nil
        href = message.link.flatMap { $0.type == "console" && $0.id.hasPrefix(ConsolePaths.home.mount + "/") ? $0.id : nil }
        readAction = NotificationsPaths.consoleRead.link(message.id)
    }
}

/// The message list: a `ConsoleList` of the caller's messages and the unread count of them all.
struct MessageListPageModel: Sendable {
    let list: ConsoleList<MessageRow>
    let unreadCount: Int
    let hasUnread: Bool
    let readAllAction = NotificationsPaths.consoleReadAll.link()
    let csrf: String
    let error: String?

    init(_ inbox: MessageService.Inbox, csrf: String, error: String?) {
        list = ConsoleList(
            inbox.page, filters: QueryString(), link: { NotificationsPaths.consoleMessages.link(query: $0) }, emptyText: "暂无消息。"
        ) { MessageRow($0) }
        unreadCount = inbox.unreadCount
        hasUnread = inbox.unreadCount > 0
        self.csrf = csrf
        self.error = error
    }
}
