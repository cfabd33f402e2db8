import Contracts
import Foundation
import Postgres

/// The unread count as other modules see it (`GET /me`, the console's header): its share of the
/// authenticating statement (docs/adr/0013), read through the partial index `messages_unread_idx`.
enum UnreadStore {
    static let callerPreload = CallerPreload(
        alias: "inbox",
        subquery: "SELECT count(*) AS inbox_unread FROM notifications.messages m WHERE m.account_id = caller.id AND m.read_at IS NULL"
    )

    /// The preloaded count; nil when the row does not hold it.
    static func preloadedUnread(in row: Row) -> Int? {
        guard row.columns.index(of: "inbox_unread") != nil else { return nil }
        return try? row.decode(Int.self, "inbox_unread")
    }
}
