import Foundation
import Postgres

/// The statements of `IdentityHousekeeping`. Each removes one batch (its last parameter) and skips rows
/// a request holds locked at that moment; the next run takes them.
enum HousekeepingStore {
    /// Ended sessions: past their absolute limit, idle past the idle timeout, or revoked (logged out).
    static func sessions(before now: Date, idleSince: Date, batchSize: Int, in database: Database) async throws -> Int {
        try await database.deleteInBatches(
            """
            DELETE FROM identity.sessions WHERE token_hash IN (
                SELECT token_hash FROM identity.sessions
                 WHERE expires_at <= $1 OR last_seen_at <= $2 OR revoked_at IS NOT NULL
                 LIMIT $3 FOR UPDATE SKIP LOCKED)
            """,
            [now, idleSince], batchSize: batchSize
        )
    }

    /// Codes that can no longer be used (expired; a used one is deleted when it is consumed).
    static func smsCodes(before now: Date, batchSize: Int, in database: Database) async throws -> Int {
        try await database.deleteInBatches(
            """
            DELETE FROM identity.sms_codes WHERE phone IN (
                SELECT phone FROM identity.sms_codes WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
            """,
            [now], batchSize: batchSize
        )
    }

    /// Sends older than every window that counts them.
    static func smsSends(before cutoff: Date, batchSize: Int, in database: Database) async throws -> Int {
        try await database.deleteInBatches(
            """
            DELETE FROM identity.sms_sends WHERE id IN (
                SELECT id FROM identity.sms_sends WHERE sent_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
            """,
            [cutoff], batchSize: batchSize
        )
    }

    /// Verification attempts older than both of their windows. A `pending` one that old belongs to a
    /// request that died (a scan takes seconds); it no longer counts either.
    static func verificationAttempts(before cutoff: Date, batchSize: Int, in database: Database) async throws -> Int {
        try await database.deleteInBatches(
            """
            DELETE FROM identity.verification_attempts WHERE id IN (
                SELECT id FROM identity.verification_attempts WHERE attempted_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
            """,
            [cutoff], batchSize: batchSize
        )
    }
}
