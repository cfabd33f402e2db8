import AppTestSupport
import Foundation
import Postgres
import TestSupport
import Testing

/// Issue 27: `health-talent prune` removes finished delivery rows after 180 days (the inbox keeps the
/// messages), and `health-talent notifications retry --failed-since` makes failed deliveries due again.
@Suite("Delivery maintenance commands", .timeLimit(.minutes(3)))
struct DeliveryCommandsTests {
    static func database() async throws -> (url: String, database: Database) {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let url = TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
        return (url, Database(settings: ConnectionSettings(url: url), poolSize: 1, logger: TestDatabase.logger))
    }

    /// Messages with one WeChat delivery each: (status, days since its last change).
    static func seed(_ rows: [(String, Int)], on database: Database) async throws {
        try await database.execute("INSERT INTO identity.accounts (id, wechat_openid) VALUES ('33333333-3333-3333-3333-333333333333', 'openid-cmd')")
        for (index, row) in rows.enumerated() {
            try await database.execute(
                """
                WITH m AS (
                    INSERT INTO notifications.messages (account_id, kind, title, body, dedup_key, created_at)
                    VALUES ('33333333-3333-3333-3333-333333333333', 'declaration_returned', '退回', '请补充', $1, now() - make_interval(days => $3))
                    RETURNING id)
                INSERT INTO notifications.deliveries (message_id, channel, status, attempts, next_attempt_at, sent_at, last_error, created_at, updated_at)
                SELECT id, 'wechat', $2, 3, now() - make_interval(days => $3),
                       CASE WHEN $2 = 'sent' THEN now() - make_interval(days => $3) END,
                       CASE WHEN $2 = 'failed' THEN 'gave up after 3 attempts: -1: system error' END,
                       now() - make_interval(days => $3), now() - make_interval(days => $3)
                  FROM m
                """,
                ["cmd:\(index)", row.0, row.1]
            )
        }
    }

    static func statuses(_ database: Database) async throws -> [String] {
        try await database.query("SELECT status FROM notifications.deliveries ORDER BY status").map { try $0.decode(String.self, "status") }
    }

    @Test func pruneRemovesFinishedDeliveriesOlderThan180DaysAndKeepsTheMessages() async throws {
        let (url, database) = try await Self.database()
        try await Self.seed([("sent", 181), ("skipped", 200), ("failed", 181), ("sent", 179), ("pending", 365)], on: database)
        let run = try TestBinary.run(["prune", "--batch-size", "1"], environment: ["DATABASE_URL": url, "LOG_FORMAT": "json"])
        #expect(run.status == 0, "\(run.stderr)\(run.stdout)")
        #expect(run.stdout.contains("notifications.deliveries: removed 3"), "\(run.stdout)")
        #expect(try await Self.statuses(database) == ["pending", "sent"])
        #expect(try await database.query("SELECT count(*) AS n FROM notifications.messages")[0].decode(Int.self, "n") == 5)
        await database.close()
    }

    @Test func retryMakesFailedDeliveriesSinceTheTimeDueAgainAndIsAudited() async throws {
        let (url, database) = try await Self.database()
        try await Self.seed([("failed", 1), ("failed", 10), ("sent", 1)], on: database)
        let since = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3 * 86_400))
        let refused = try TestBinary.run(["notifications", "retry", "--failed-since", "yesterday"], environment: ["DATABASE_URL": url])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--failed-since"), "\(refused.stderr)")

        let run = try TestBinary.run(["notifications", "retry", "--failed-since", since], environment: ["DATABASE_URL": url, "LOG_FORMAT": "json"])
        #expect(run.status == 0, "\(run.stderr)\(run.stdout)")
        #expect(run.stdout.contains("notifications.deliveries: 1 failed deliveries due again"), "\(run.stdout)")
        #expect(try await Self.statuses(database) == ["failed", "pending", "sent"])
        let due = try await database.query("SELECT count(*) AS n FROM notifications.deliveries WHERE status = 'pending' AND next_attempt_at <= now()")
        #expect(try due[0].decode(Int.self, "n") == 1)
        let audited = try await database.query("SELECT details->>'count' AS c FROM audit.events WHERE action = 'notifications.retry'")
        #expect(try audited.map { try $0.decode(String.self, "c") } == ["1"])
        await database.close()
    }
}
