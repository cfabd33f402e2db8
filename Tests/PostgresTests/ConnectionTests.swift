import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Connections", .timeLimit(.minutes(3)))
struct ConnectionTests {
    @Test func statementsArePreparedOnceAndReused() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            try await setup.database.withConnection { connection in
                for value in 1...5 {
                    _ = try await connection.query("SELECT $1::int + 1 AS next", [value])
                }
                _ = try await connection.query("SELECT $1::text AS other", ["x"])
                let prepared = try await connection.query("SELECT statement FROM pg_prepared_statements ORDER BY prepare_time")
                let statements = try prepared.map { try $0.decode(String.self, "statement") }
                #expect(statements.filter { $0 == "SELECT $1::int + 1 AS next" }.count == 1)
                #expect(statements.contains("SELECT $1::text AS other"))
            }
        }
    }

    @Test func theStatementTimeoutStopsLongStatements() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        var settings = TestDatabase.adminSettings
        settings.database = name
        settings.statementTimeoutMilliseconds = 100
        let db = Database(settings: settings, poolSize: 1, logger: TestDatabase.logger)
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) {
            try await db.query("SELECT pg_sleep(30)")
        }
        #expect(error?.sqlState == "57014")  // query_canceled
        #expect(ContinuousClock.now - started < .seconds(20))  // far below 30: the statement was cut off
        // The connection survives the cancelled statement.
        #expect(try await db.query("SELECT 1 AS one")[0].decode(Int.self, "one") == 1)
        await db.close()
    }

    @Test func sessionsRunInUTCWithUTF8() async throws {
        try await TestDatabase.with { setup async throws in
            let row = try await setup.database.query("SELECT current_setting('TimeZone') AS tz, current_setting('client_encoding') AS enc")[0]
            #expect(try row.decode(String.self, "tz") == "UTC")
            #expect(try row.decode(String.self, "enc") == "UTF8")
        }
    }
}
