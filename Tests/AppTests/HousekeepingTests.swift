import AppTestSupport
import Foundation
import Postgres
import TestSupport
import Testing

/// `health-talent prune` and `health-talent audit prune`, run as the binary, against a real database.
@Suite("Housekeeping commands", .timeLimit(.minutes(3)))
struct HousekeepingTests {
    static func database() async throws -> (url: String, database: Database) {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let url = TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
        return (url, Database(settings: ConnectionSettings(url: url), poolSize: 1, logger: TestDatabase.logger))
    }

    static func count(_ table: SQL, _ database: Database) async throws -> Int {
        try await database.query(table)[0].decode(Int.self, "n")
    }

    /// Rows on both sides of every window (default settings): only those no limit counts any more go,
    /// in batches of one, so the batching loop is exercised.
    @Test func pruneRemovesWhatNoSessionOrLimitStillNeeds() async throws {
        let (url, database) = try await Self.database()
        try await database.withConnection { connection in
            try await connection.executeScript("""
                INSERT INTO identity.accounts (id, wechat_openid) VALUES ('22222222-2222-2222-2222-222222222222', 'prune-test');
                INSERT INTO institutions.institutions
                    (id, name, uscc, uscc_check_passed, category, region, address, confirmation_code, code_rotated_at, created_at, updated_at)
                VALUES ('11111111-1111-1111-1111-111111111111', '武汉市第一医院', '12420100MB0000000X', false, 'A', '420100', '武汉市',
                        'ABCDEFGH', now(), now(), now());
                INSERT INTO identity.sessions (token_hash, account_id, login_method, created_at, last_seen_at, expires_at, revoked_at) VALUES
                    (decode(repeat('01', 32), 'hex'), '22222222-2222-2222-2222-222222222222', 'wechat', now() - interval '13 hours', now() - interval '5 minutes', now() - interval '1 hour', NULL),
                    (decode(repeat('02', 32), 'hex'), '22222222-2222-2222-2222-222222222222', 'wechat', now() - interval '2 hours', now() - interval '31 minutes', now() + interval '10 hours', NULL),
                    (decode(repeat('03', 32), 'hex'), '22222222-2222-2222-2222-222222222222', 'phone', now() - interval '1 hour', now() - interval '1 minute', now() + interval '11 hours', now() - interval '1 minute'),
                    (decode(repeat('04', 32), 'hex'), '22222222-2222-2222-2222-222222222222', 'phone', now() - interval '1 hour', now() - interval '1 minute', now() + interval '11 hours', NULL);
                INSERT INTO identity.sms_codes (phone, code_hash, code_key, created_at, expires_at) VALUES
                    ('13800000001', '\\x00', '\\x00', now() - interval '20 minutes', now() - interval '10 minutes'),
                    ('13800000002', '\\x00', '\\x00', now() - interval '1 minute', now() + interval '9 minutes');
                INSERT INTO identity.sms_sends (phone, client_ip, sent_at) VALUES
                    ('13800000001', '10.0.0.1', now() - interval '25 hours'),
                    ('13800000001', '10.0.0.1', now() - interval '26 hours'),
                    ('13800000001', '10.0.0.1', now() - interval '23 hours');
                INSERT INTO identity.verification_attempts (account_id, number_digest, outcome, attempted_at) VALUES
                    ('22222222-2222-2222-2222-222222222222', 'd1', 'mismatch', now() - interval '7 hours'),
                    ('22222222-2222-2222-2222-222222222222', 'd1', 'mismatch', now() - interval '5 hours');
                INSERT INTO institutions.code_failures (account_id, institution_id, failed_at) VALUES
                    ('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111', now() - interval '61 minutes'),
                    ('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111', now() - interval '59 minutes');
                """)
        }
        let run = try TestBinary.run(["prune", "--batch-size", "1"], environment: ["DATABASE_URL": url, "LOG_FORMAT": "json"])
        #expect(run.status == 0, "\(run.stderr)\(run.stdout)")
        #expect(run.stdout.contains("identity.sessions: removed 3"), "\(run.stdout)")
        #expect(run.stdout.contains("identity.sms_sends: removed 2"))
        #expect(run.stdout.contains("institutions.code_failures: removed 1"))

        let live = try await database.query("SELECT encode(token_hash, 'hex') AS t FROM identity.sessions").map { try $0.decode(String.self, "t") }
        #expect(live == [String(repeating: "04", count: 32)], "the live session stays; expired, idle and revoked go")
        let codes = try await database.query("SELECT phone FROM identity.sms_codes").map { try $0.decode(String.self, "phone") }
        #expect(codes == ["13800000002"])
        #expect(try await Self.count("SELECT count(*) AS n FROM identity.sms_sends WHERE sent_at > now() - interval '24 hours'", database) == 1)
        #expect(try await Self.count("SELECT count(*) AS n FROM identity.sms_sends", database) == 1)
        #expect(try await Self.count("SELECT count(*) AS n FROM identity.verification_attempts", database) == 1, "the 5-hour-old one is still in the 6-hour window")
        #expect(try await Self.count("SELECT count(*) AS n FROM institutions.code_failures", database) == 1)
        let event = try await database.query("SELECT details->>'identity.sessions' AS s FROM audit.events WHERE action = 'housekeeping.prune'")
        #expect(try event.map { try $0.decode(String.self, "s") } == ["3"])

        // A second run finds nothing more.
        let again = try TestBinary.run(["prune"], environment: ["DATABASE_URL": url, "LOG_FORMAT": "json"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("identity.sessions: removed 0"))
        await database.close()
    }

    @Test func auditPruneKeepsSixMonthsAndNothingElseCanRemoveRecentEvents() async throws {
        let (url, database) = try await Self.database()
        try await database.withConnection { connection in
            try await connection.executeScript("""
                INSERT INTO audit.events (occurred_at, action, entity_type, entity_id)
                SELECT now() - make_interval(days => d), 'test.event', 'test', d::text
                  FROM unnest(ARRAY[400, 200, 181, 179, 100, 0]) AS d;
                """)
        }
        let environment = ["DATABASE_URL": url, "LOG_FORMAT": "json"]

        let refused = try TestBinary.run(["audit", "prune", "--older-than", "179"], environment: environment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("at least 180"), "\(refused.stderr)")
        #expect(try await Self.count("SELECT count(*) AS n FROM audit.events WHERE action = 'test.event'", database) == 6)

        let pruned = try TestBinary.run(["audit", "prune", "--older-than", "180", "--batch-size", "2"], environment: environment)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("removed 3 events"), "\(pruned.stdout)")
        let left = try await database.query("SELECT entity_id FROM audit.events WHERE action = 'test.event' ORDER BY occurred_at")
            .map { try $0.decode(String.self, "entity_id") }
        #expect(left == ["179", "100", "0"])
        let recorded = try await database.query("SELECT details->>'removed' AS n FROM audit.events WHERE action = 'audit.prune'")
        #expect(try recorded.map { try $0.decode(String.self, "n") } == ["3"])

        // The database itself refuses every other way: the function under 180 days, the flag set by hand
        // for a recent row, updates and truncation.
        await #expect(throws: PostgresError.self) { _ = try await database.query("SELECT audit.prune(30, 100)") }
        await #expect(throws: PostgresError.self) {
            try await database.transaction { connection in
                _ = try await connection.query("SELECT set_config('audit.pruning', 'on', true)")
                try await connection.execute("DELETE FROM audit.events WHERE entity_id = '179'")
            }
        }
        await #expect(throws: PostgresError.self) { try await database.execute("UPDATE audit.events SET action = 'x' WHERE entity_id = '179'") }
        await #expect(throws: PostgresError.self) { try await database.execute("TRUNCATE audit.events") }
        await #expect(throws: PostgresError.self) { try await database.execute("DELETE FROM audit.events WHERE entity_id = '0'") }
        #expect(try await Self.count("SELECT count(*) AS n FROM audit.events WHERE action = 'test.event'", database) == 3)
        await database.close()
    }
}
