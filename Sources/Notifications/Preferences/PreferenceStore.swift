import Contracts
import Foundation
import Postgres

/// All SQL of `notifications.preferences`.
enum PreferenceStore {
    static func isTurnedOff(_ kind: NotificationKind, for account: AccountID, on connection: Connection) async throws -> Bool {
        try await !connection.query(
            "SELECT 1 FROM notifications.preferences WHERE account_id = $1 AND kind = $2 AND NOT enabled", [account.rawValue, kind.rawValue]
        ).isEmpty
    }

    /// The kinds the account turned off.
    static func turnedOff(of account: AccountID, on connection: Connection) async throws -> Set<NotificationKind> {
        Set(try await connection.query(
            "SELECT kind FROM notifications.preferences WHERE account_id = $1 AND NOT enabled", [account.rawValue]
        ).compactMap { NotificationKind(rawValue: try $0.decode(String.self, "kind")) })
    }

    static func set(_ kind: NotificationKind, enabled: Bool, for account: AccountID, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            INSERT INTO notifications.preferences (account_id, kind, enabled, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (account_id, kind) DO UPDATE SET enabled = $3, updated_at = $4
            """,
            [account.rawValue, kind.rawValue, enabled, now]
        )
    }
}
