import Console
import Contracts
import Foundation
import Web

/// One message on the candidate's list, with the page it opens.
struct MobileMessageRow: Sendable {
    let id: String
    let title: String
    let text: String
    let time: String
    let unread: Bool
    /// Where the message's page is; nil for a message about nothing a candidate page shows.
    let target: String?
    let readAction: String

    init(_ message: MessageResponse) {
        id = message.id
        title = message.title
        text = message.text
        time = ConsoleFormat.minute(message.createdAt)
        unread = message.readAt == nil
        target = message.link.flatMap { Self.target(of: NotificationLink(type: $0.type, id: $0.id)) }
        readAction = NotificationsPaths.mobileRead.link(message.id)
    }

    /// The candidate page a message's link opens (docs/adr/0023 lists the link types).
    static func target(of link: NotificationLink) -> String? {
        switch link.type {
        case "verification": MobilePaths.verification.link()
        case "employment": MobilePaths.employment.link()
        case "trial_application": UUID(uuidString: link.id).map { MobilePaths.declaration.link($0) }
        case "exam_record": Int(link.id).map { MobilePaths.record.link(String($0)) }
        default: nil
        }
    }
}

/// The candidate's message list and the unread count of them all.
struct MobileMessageListModel: Sendable {
    let list: ConsoleList<MobileMessageRow>
    let unreadCount: Int
    let hasUnread: Bool
    let readAllAction = NotificationsPaths.mobileReadAll.link()
    let settingsHref = NotificationsPaths.mobileSettings.link()
    let csrf: String
    let error: String?

    init(_ inbox: MessageService.Inbox, csrf: String, error: String?) {
        list = ConsoleList(
            inbox.page, filters: QueryString(), link: { NotificationsPaths.mobileMessages.link(query: $0) }, emptyText: "暂无消息。"
        ) { MobileMessageRow($0) }
        unreadCount = inbox.unreadCount
        hasUnread = inbox.unreadCount > 0
        self.csrf = csrf
        self.error = error
    }
}
