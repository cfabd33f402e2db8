import Contracts
import Foundation
import Postgres
import Web

/// All SQL of `notifications.messages`.
enum MessageStore {
    /// Writes the message unless one with its dedup key exists: the same event never makes two.
    /// Answers the new message's id, nil when it wrote none.
    @discardableResult
    static func insert(_ message: NewMessage, on connection: Connection) async throws -> UUID? {
        try await connection.query(
            """
            INSERT INTO notifications.messages (account_id, kind, title, body, link_type, link_id, dedup_key, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (dedup_key) DO NOTHING
            RETURNING id
            """,
            [
                message.account.rawValue, message.kind.rawValue, message.title, message.text, message.link?.type, message.link?.id,
                message.dedupKey, message.createdAt,
            ]
        ).first?.decode(UUID.self, "id")
    }

    /// The account's messages after `cursor`, newest first: up to `limit` rows.
    static func list(of account: AccountID, limit: Int, after cursor: KeysetCursor?, on connection: Connection) async throws -> [Message] {
        try await connection.query(
            "SELECT " + Message.columns + """
             FROM notifications.messages
            WHERE account_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
            ORDER BY created_at DESC, id DESC LIMIT $4
            """,
            [account.rawValue, cursor?.time, cursor?.id, limit]
        ).map(Message.init(row:))
    }

    static func unreadCount(of account: AccountID, on connection: Connection) async throws -> Int {
        let rows = try await connection.query(
            "SELECT count(*) AS unread FROM notifications.messages WHERE account_id = $1 AND read_at IS NULL", [account.rawValue]
        )
        return try rows.first?.decode(Int.self, "unread") ?? 0
    }

    /// Marks the account's message read (keeping the first reading's time); nil when the account has
    /// no such message.
    static func markRead(_ id: UUID, of account: AccountID, at now: Date, on connection: Connection) async throws -> Message? {
        try await connection.query(
            """
            UPDATE notifications.messages SET read_at = coalesce(read_at, $3)
             WHERE id = $1 AND account_id = $2
            RETURNING
            """ + " " + Message.columns,
            [id, account.rawValue, now]
        ).first.map(Message.init(row:))
    }

    /// Marks every unread message of the account read; answers how many.
    static func markAllRead(of account: AccountID, at now: Date, on connection: Connection) async throws -> Int {
        try await connection.execute(
            "UPDATE notifications.messages SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL", [account.rawValue, now]
        )
    }
}
