import Contracts
import Foundation
import Postgres
import Web

/// All SQL of `notifications.deliveries`, `notifications.subscriptions` and `notifications.wechat_token`.
enum DeliveryStore {
    /// The message's delivery row on `channel`, due at `due`, unless the message has one there already.
    static func insert(message: UUID, channel: DeliveryChannel, due: Date, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            INSERT INTO notifications.deliveries (message_id, channel, next_attempt_at, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING
            """,
            [message, channel.rawValue, due, now]
        )
    }

    /// Claims up to `limit` due rows in one statement (its own short transaction): rows another worker
    /// holds are skipped (SKIP LOCKED), and each claimed row's `next_attempt_at` moves to `leaseUntil`,
    /// so nobody else takes it until then, and `attempts` grows by one: the claim's fence.
    static func claimDue(at now: Date, leaseUntil: Date, limit: Int, on connection: Connection) async throws -> [ClaimedDelivery] {
        try await connection.query(
            """
            WITH due AS (
                SELECT message_id, channel FROM notifications.deliveries
                 WHERE status = 'pending' AND next_attempt_at <= $1
                 ORDER BY next_attempt_at LIMIT $3
                   FOR UPDATE SKIP LOCKED
            )
            UPDATE notifications.deliveries d
               SET attempts = d.attempts + 1, next_attempt_at = $2, updated_at = $1
              FROM due, notifications.messages m
             WHERE d.message_id = due.message_id AND d.channel = due.channel AND m.id = d.message_id
            RETURNING d.message_id, d.channel, d.attempts, m.account_id, m.kind, m.title, m.body, m.created_at AS message_created_at
            """,
            [now, leaseUntil, limit]
        ).map(ClaimedDelivery.init(row:))
    }

    /// Records an attempt's outcome, only if the row is still the claimant's (pending, same `attempts`):
    /// a worker whose lease ran out and whose row was claimed again records nothing. Answers whether it did.
    @discardableResult
    static func record(_ outcome: DeliveryOutcome, of claim: ClaimedDelivery, at now: Date, on connection: Connection) async throws -> Bool {
        let (status, nextAttempt, error, sentAt): (DeliveryStatus, Date, String?, Date?) = switch outcome {
        case .sent: (.sent, now, nil, now)
        case .skipped(let reason): (.skipped, now, reason, nil)
        case .failed(let reason): (.failed, now, reason, nil)
        case .retry(let at, let reason): (.pending, at, reason, nil)
        case .held(let until): (.pending, until, "held for the quiet hours", nil)
        }
        return try await connection.execute(
            """
            UPDATE notifications.deliveries
               SET status = $4, next_attempt_at = $5, last_error = left($6, 500), sent_at = $7, updated_at = $8
             WHERE message_id = $1 AND channel = $2 AND attempts = $3 AND status = 'pending'
            """,
            [claim.messageID, claim.channel.rawValue, claim.attempts, status.rawValue, nextAttempt, error, sentAt, now]
        ) == 1
    }

    // MARK: Subscriptions

    /// One more acceptance of each template (`wx.requestSubscribeMessage`); answers the counts now.
    static func addAcceptances(of account: AccountID, templates: [String], at now: Date, on connection: Connection) async throws -> [(String, Int)] {
        try await connection.query(
            """
            INSERT INTO notifications.subscriptions (account_id, template_id, remaining, updated_at)
            SELECT $1, t, 1, $3 FROM unnest($2::text[]) AS t
            ON CONFLICT (account_id, template_id)
            DO UPDATE SET remaining = least(notifications.subscriptions.remaining + 1, 10000), updated_at = $3
            RETURNING template_id, remaining
            """,
            [account.rawValue, templates, now]
        ).map { (try $0.decode(String.self, "template_id"), try $0.decode(Int.self, "remaining")) }
    }

    /// Whether the account has an acceptance of `template` left.
    static func hasAcceptance(of account: AccountID, template: String, on connection: Connection) async throws -> Bool {
        try await !connection.query(
            "SELECT 1 FROM notifications.subscriptions WHERE account_id = $1 AND template_id = $2 AND remaining > 0",
            [account.rawValue, template]
        ).isEmpty
    }

    /// WeChat accepted a message of `template`: one acceptance is used.
    static func useAcceptance(of account: AccountID, template: String, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            UPDATE notifications.subscriptions SET remaining = greatest(remaining - 1, 0), updated_at = $3
             WHERE account_id = $1 AND template_id = $2
            """,
            [account.rawValue, template, now]
        )
    }

    /// WeChat said the user has no acceptance left (43101): none is left here either.
    static func clearAcceptances(of account: AccountID, template: String, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE notifications.subscriptions SET remaining = 0, updated_at = $3 WHERE account_id = $1 AND template_id = $2",
            [account.rawValue, template, now]
        )
    }

    // MARK: The WeChat access token

    static func token(on connection: Connection) async throws -> (value: String, expiresAt: Date)? {
        guard let row = try await connection.query("SELECT value, expires_at FROM notifications.wechat_token").first else { return nil }
        return (try row.decode(String.self, "value"), try row.decode(Date.self, "expires_at"))
    }

    static func saveToken(_ value: String, expiresAt: Date, fetchedAt: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            INSERT INTO notifications.wechat_token (singleton, value, expires_at, fetched_at) VALUES (true, $1, $2, $3)
            ON CONFLICT (singleton) DO UPDATE SET value = $1, expires_at = $2, fetched_at = $3
            """,
            [value, expiresAt, fetchedAt]
        )
    }

    // MARK: Operations

    /// Failed rows whose last attempt was at or after `since` become pending again, due at `now`, with
    /// their attempts kept. Answers how many.
    static func retryFailed(since: Date, at now: Date, on connection: Connection) async throws -> Int {
        try await connection.execute(
            """
            UPDATE notifications.deliveries SET status = 'pending', next_attempt_at = $2, updated_at = $2
             WHERE status = 'failed' AND updated_at >= $1
            """,
            [since, now]
        )
    }

    /// One account's deliveries, newest first (the delivery log).
    static func log(of account: AccountID, limit: Int, on connection: Connection) async throws -> [DeliveryLogEntry] {
        try await connection.query(
            """
            SELECT d.message_id, d.channel, d.status, d.attempts, d.next_attempt_at, d.last_error, d.sent_at, d.created_at, m.kind, m.title
              FROM notifications.deliveries d JOIN notifications.messages m ON m.id = d.message_id
             WHERE m.account_id = $1
             ORDER BY d.created_at DESC, d.message_id, d.channel LIMIT $2
            """,
            [account.rawValue, limit]
        ).map(DeliveryLogEntry.init(row:))
    }

    /// Rows per channel, kind and status (the metrics' gauges).
    static func counts(on connection: Connection) async throws -> [(channel: String, kind: String, status: String, count: Int)] {
        try await connection.query(
            """
            SELECT d.channel, m.kind, d.status, count(*) AS n
              FROM notifications.deliveries d JOIN notifications.messages m ON m.id = d.message_id
             WHERE d.status = 'pending'
             GROUP BY d.channel, m.kind, d.status
            """
        ).map { (try $0.decode(String.self, "channel"), try $0.decode(String.self, "kind"), try $0.decode(String.self, "status"), try $0.decode(Int.self, "n")) }
    }

    /// Finished rows (sent, skipped, failed) last changed before `cutoff`, `batchSize` a statement.
    static func pruneFinished(before cutoff: Date, batchSize: Int, database: Database) async throws -> Int {
        try await database.deleteInBatches(
            """
            DELETE FROM notifications.deliveries WHERE ctid IN (
                SELECT ctid FROM notifications.deliveries WHERE status <> 'pending' AND updated_at < $1 LIMIT $2)
            """,
            [cutoff], batchSize: batchSize
        )
    }
}
