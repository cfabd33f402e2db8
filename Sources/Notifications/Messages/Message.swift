import Contracts
import Foundation
import Postgres
import Web

/// One message in an account's inbox: a stored model.
struct Message: Sendable, Equatable {
    let id: UUID
    let account: AccountID
    let kind: NotificationKind
    let title: String
    let text: String
    let link: NotificationLink?
    let createdAt: Date
    let readAt: Date?

    static let columns: SQL = "id, account_id, kind, title, body, link_type, link_id, created_at, read_at"

    /// Throws on a kind this code does not know.
    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        account = AccountID(try row.decode(UUID.self, "account_id"))
        kind = try row.decode(code: NotificationKind.self, "kind")
        title = try row.decode(String.self, "title")
        text = try row.decode(String.self, "body")
        let type = try row.decode(String?.self, "link_type")
        let id = try row.decode(String?.self, "link_id")
        link = type.flatMap { type in id.map { NotificationLink(type: type, id: $0) } }
        createdAt = try row.decode(Date.self, "created_at")
        readAt = try row.decode(Date?.self, "read_at")
    }

    var position: KeysetCursor { KeysetCursor(time: createdAt, id: id) }
}

/// A message about to be written.
struct NewMessage: Sendable {
    static let maximumTitleCharacters = 64

    let account: AccountID
    let kind: NotificationKind
    let title: String
    let text: String
    let link: NotificationLink?
    let dedupKey: String
    let createdAt: Date
}
