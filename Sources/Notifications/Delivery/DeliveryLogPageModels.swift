import Console
import Foundation

/// 消息投递记录: the account searched for and its deliveries.
struct DeliveryLogPage: Sendable {
    struct Row: Sendable {
        let createdAt: String
        let kind: String
        let title: String
        let channel: String
        let status: String
        let attempts: Int
        let sentAt: String
        let nextAttemptAt: String
        let lastError: String
    }

    let action: String
    let account: String
    let searched: Bool
    let invalid: Bool
    let isEmpty: Bool
    let hasRows: Bool
    let rows: [Row]

    init(account: String, searched: Bool, invalid: Bool, entries: [DeliveryLogEntry]?) {
        action = NotificationsPaths.deliveryLog.link()
        self.account = account
        self.searched = searched
        self.invalid = invalid
        rows = (entries ?? []).map { entry in
            Row(
                createdAt: ConsoleFormat.minute(entry.createdAt), kind: entry.kind.rawValue, title: entry.title,
                channel: entry.channel == .wechat ? "微信订阅消息" : "短信", status: Self.label(entry.status), attempts: entry.attempts,
                sentAt: entry.sentAt.map(ConsoleFormat.minute) ?? "",
                nextAttemptAt: entry.status == .pending ? ConsoleFormat.minute(entry.nextAttemptAt) : "",
                lastError: entry.lastError ?? ""
            )
        }
        isEmpty = searched && !invalid && rows.isEmpty
        hasRows = !rows.isEmpty
    }

    static func label(_ status: DeliveryStatus) -> String {
        switch status {
        case .pending: "待发送"
        case .sent: "已发送"
        case .failed: "发送失败"
        case .skipped: "未发送"
        }
    }
}
