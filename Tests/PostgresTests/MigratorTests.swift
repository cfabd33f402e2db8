import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Migrations", .timeLimit(.minutes(3)))
struct MigratorTests {
    static let first = Migration(version: 1, name: "0001_first.sql", sql: "CREATE TABLE first (id integer);")
    static let second = Migration(
        version: 2, name: "0002_second.sql",
        sql: "CREATE TABLE second (id integer); INSERT INTO second VALUES (1), (2);"
    )

    func recorded(_ db: Database) async throws -> [(Int, String)] {
        try await db.query("SELECT version, name FROM public.schema_migrations ORDER BY version").map {
            (try $0.decode(Int.self, "version"), try $0.decode(String.self, "name"))
        }
    }

    @Test func applyingTwiceIsANoOp() async throws {
        try await TestDatabase.with(.empty) { setup async throws in
            let migrator = Migrator(database: setup.database, logger: TestDatabase.logger)
            #expect(try await migrator.migrate([Self.first, Self.second]) == ["0001_first.sql", "0002_second.sql"])
            #expect(try await migrator.migrate([Self.first, Self.second]) == [])
            #expect(try await recorded(setup.database).map(\.0) == [1, 2])
            #expect(try await setup.database.query("SELECT count(*) AS n FROM second")[0].decode(Int.self, "n") == 2)
        }
    }

    @Test func anEditedAppliedMigrationIsRefusedByName() async throws {
        try await TestDatabase.with(.empty) { setup async throws in
            let migrator = Migrator(database: setup.database, logger: TestDatabase.logger)
            try await migrator.migrate([Self.first])
            let edited = Migration(version: 1, name: "0001_first.sql", sql: "CREATE TABLE first (id bigint);")
            let third = Migration(version: 3, name: "0003_third.sql", sql: "CREATE TABLE third (id integer);")
            let error = await #expect(throws: MigrationError.self) {
                try await migrator.migrate([edited, third])
            }
            #expect(error?.description.contains("0001_first.sql") == true)
            // Nothing after the refusal was applied.
            #expect(try await recorded(setup.database).map(\.0) == [1])
        }
    }

    @Test func racingMigratorsApplyEachFileOnce() async throws {
        try await TestDatabase.with(.empty) { setup async throws in
            // Each migrator has its own pool, as two server instances starting together would.
            let migrations = [Self.first, Self.second] + (3...8).map {
                Migration(version: $0, name: "000\($0)_m.sql", sql: "CREATE TABLE t\($0) (id integer); SELECT pg_sleep(0.01);")
            }
            let results = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let db = Database(settings: setup.settings, poolSize: 1, logger: TestDatabase.logger)
                        defer { Task { await db.close() } }
                        return try await Migrator(database: db, logger: TestDatabase.logger).migrate(migrations)
                    }
                }
                var results: [[String]] = []
                for try await result in group { results.append(result) }
                return results
            }
            // Every file was applied by exactly one of them.
            #expect(results.flatMap { $0 }.sorted() == migrations.map(\.name).sorted())
            #expect(try await recorded(setup.database).map(\.0) == Array(1...8))
            #expect(try await setup.database.query("SELECT count(*) AS n FROM second")[0].decode(Int.self, "n") == 2)
        }
    }

    @Test func aFailingMigrationLeavesNoTrace() async throws {
        try await TestDatabase.with(.empty) { setup async throws in
            let broken = Migration(version: 2, name: "0002_broken.sql", sql: "CREATE TABLE half (id integer); SELECT no_such_function();")
            let migrator = Migrator(database: setup.database, logger: TestDatabase.logger)
            let error = await #expect(throws: MigrationError.self) { try await migrator.migrate([Self.first, broken]) }
            #expect(error?.description.contains("0002_broken.sql") == true)
            #expect(try await recorded(setup.database).map(\.0) == [1])
            let half = try await setup.database.query("SELECT to_regclass('public.half') IS NULL AS absent")[0]
            #expect(try half.decode(Bool.self, "absent"))
        }
    }

    @Test func filesAreLoadedInVersionOrderAndBadNamesRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "SELECT 10;".write(to: directory.appendingPathComponent("0010_ten.sql"), atomically: true, encoding: .utf8)
        try "SELECT 2;".write(to: directory.appendingPathComponent("0002_two.sql"), atomically: true, encoding: .utf8)
        try "notes".write(to: directory.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        #expect(try Migration.load(from: directory).map(\.version) == [2, 10])

        try "SELECT 1;".write(to: directory.appendingPathComponent("two_again.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("two_again.sql")) { try Migration.load(from: directory) }
    }

    @Test func theProjectMigrationsApplyAndAuditEventsAreAppendOnly() async throws {
        // The template was migrated by `health-talent migrate` with the files in sql/.
        try await TestDatabase.with { setup async throws in
            let db = setup.database
            let schemas = try await db.query(
                "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname",
                ["{identity,institutions,trial,confirmation,attachments,audit,export}"]
            ).map { try $0.decode(String.self, "nspname") }
            #expect(schemas == ["attachments", "audit", "confirmation", "export", "identity", "institutions", "trial"])

            try await db.execute(
                """
                INSERT INTO audit.events (actor_id, action, entity_type, entity_id, from_state, to_state, request_id, client_ip, details)
                VALUES ($1, 'test.transition', 'thing', 'abc', 'draft', 'submitted', 'req-1', '203.0.113.9', $2)
                """,
                [UUID(), PostgresJSON(["note": "审核通过"])]
            )
            let update = await #expect(throws: PostgresError.self) {
                try await db.execute("UPDATE audit.events SET action = 'forged'")
            }
            #expect(update?.message.contains("append-only") == true)
            await #expect(throws: PostgresError.self) { try await db.execute("DELETE FROM audit.events") }
            await #expect(throws: PostgresError.self) { try await db.execute("TRUNCATE audit.events") }
            let row = try await db.query("SELECT action, details FROM audit.events")
            #expect(row.count == 1)
            #expect(try row[0].decode(String.self, "action") == "test.transition")
            #expect(try row[0].decode(PostgresJSON<[String: String]>.self, "details").value == ["note": "审核通过"])
        }
    }
}
