import Contracts
import Foundation
import Postgres

/// All SQL for `identity.sms_codes` (the current code of a phone) and `identity.sms_sends` (the sends
/// the limits count).
enum SMSStore {
    /// Replaces the phone's code; its wrong-entry count starts again.
    static func replaceCode(of phone: PhoneNumber, hash: [UInt8], key: [UInt8], at now: Date, expiresAt: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            INSERT INTO identity.sms_codes (phone, code_hash, code_key, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (phone) DO UPDATE SET code_hash = EXCLUDED.code_hash, code_key = EXCLUDED.code_key,
                created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
                failed_attempts = 0, consumed_at = NULL
            """,
            [phone.digits, Data(hash), Data(key), now, expiresAt]
        )
    }

    /// Forgets a code that was never delivered.
    static func deleteCode(of phone: PhoneNumber, hash: [UInt8], on connection: Connection) async throws {
        try await connection.execute("DELETE FROM identity.sms_codes WHERE phone = $1 AND code_hash = $2", [phone.digits, Data(hash)])
    }

    static func recordSend(to phone: PhoneNumber, from clientIP: String?, at now: Date, on connection: Connection) async throws -> Int64 {
        try await connection.query(
            "INSERT INTO identity.sms_sends (phone, client_ip, sent_at) VALUES ($1, $2::inet, $3) RETURNING id", [phone.digits, clientIP, now]
        )[0].decode(Int64.self, "id")
    }

    static func deleteSend(_ id: Int64, on connection: Connection) async throws {
        try await connection.execute("DELETE FROM identity.sms_sends WHERE id = $1", [id])
    }

    struct SendCounts: Sendable {
        let lastSent: Date?
        let dayCount: Int
        let dayOldest: Date?
        let addressCount: Int
        let addressOldest: Date?

        init(row: Row) throws {
            lastSent = try row.decode(Date?.self, "last_sent")
            dayCount = try row.decode(Int.self, "day_count")
            dayOldest = try row.decode(Date?.self, "day_oldest")
            addressCount = try row.decode(Int.self, "ip_count")
            addressOldest = try row.decode(Date?.self, "ip_oldest")
        }
    }

    /// One query for the three limits' counts.
    static func sendCounts(
        phone: PhoneNumber, clientIP: String?, now: Date, dayWindow: TimeInterval, addressWindow: TimeInterval, on connection: Connection
    ) async throws -> SendCounts {
        try SendCounts(row: try await connection.query(
            """
            SELECT
                (SELECT max(sent_at) FROM identity.sms_sends WHERE phone = $1) AS last_sent,
                (SELECT count(*) FROM identity.sms_sends WHERE phone = $1 AND sent_at > $3::timestamptz - make_interval(secs => $5)) AS day_count,
                (SELECT min(sent_at) FROM identity.sms_sends WHERE phone = $1 AND sent_at > $3::timestamptz - make_interval(secs => $5)) AS day_oldest,
                (SELECT count(*) FROM identity.sms_sends WHERE client_ip = $2::inet AND sent_at > $3::timestamptz - make_interval(secs => $4)) AS ip_count,
                (SELECT min(sent_at) FROM identity.sms_sends WHERE client_ip = $2::inet AND sent_at > $3::timestamptz - make_interval(secs => $4)) AS ip_oldest
            """,
            [phone.digits, clientIP, now, addressWindow, dayWindow]
        )[0])
    }

    struct StoredCode: Sendable {
        let hash: [UInt8]
        let key: [UInt8]
        let expiresAt: Date
        let failedAttempts: Int
        let consumed: Bool

        init(row: Row) throws {
            hash = Array(try row.decode(Data.self, "code_hash"))
            key = Array(try row.decode(Data.self, "code_key"))
            expiresAt = try row.decode(Date.self, "expires_at")
            failedAttempts = try row.decode(Int.self, "failed_attempts")
            consumed = try row.decode(Date?.self, "consumed_at") != nil
        }
    }

    /// The phone's current code, locked until the transaction ends.
    static func lockedCode(of phone: PhoneNumber, on connection: Connection) async throws -> StoredCode? {
        try await connection.query(
            "SELECT code_hash, code_key, expires_at, failed_attempts, consumed_at FROM identity.sms_codes WHERE phone = $1 FOR UPDATE",
            [phone.digits]
        ).first.map(StoredCode.init(row:))
    }

    static func countFailure(of phone: PhoneNumber, on connection: Connection) async throws {
        try await connection.execute("UPDATE identity.sms_codes SET failed_attempts = failed_attempts + 1 WHERE phone = $1", [phone.digits])
    }

    static func consume(of phone: PhoneNumber, at now: Date, on connection: Connection) async throws {
        try await connection.execute("UPDATE identity.sms_codes SET consumed_at = $2 WHERE phone = $1", [phone.digits, now])
    }
}
