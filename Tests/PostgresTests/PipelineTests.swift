import Foundation
import Postgres
import TestSupport
import Testing

/// The non-blocking path (docs/adr/0013): statements pipelined into one round trip, BEGIN sent with the
/// first statement, deferred statements with the next, and the pool's single deadline sweeper.
@Suite("Pipelines and the pool's sweeper", .timeLimit(.minutes(3)))
struct PipelineTests {
    private func traffic(_ db: Database) async -> (roundTrips: Int, statements: Int) {
        let statistics = await db.poolStatistics
        return (statistics.roundTrips, statistics.statements)
    }

    @Test func independentStatementsShareOneRoundTrip() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            let pid = try await db.query("SELECT pg_backend_pid() AS pid")[0].decode(Int.self, "pid")
            let before = await traffic(db)
            let results = try await db.withConnection { connection in
                try await connection.queries([
                    ("SELECT $1::int AS n", [1]), ("SELECT $1::text AS t", ["二"]), ("SELECT 3 AS n WHERE false", []),
                ])
            }
            let after = await traffic(db)
            #expect(try results[0][0].decode(Int.self, "n") == 1)
            #expect(try results[1][0].decode(String.self, "t") == "二")
            #expect(results[2].isEmpty)
            #expect(after.roundTrips - before.roundTrips == 1)
            #expect(after.statements - before.statements == 3)
            // The connection left pipeline mode cleanly and was kept: the same backend serves the next query.
            #expect(try await db.query("SELECT pg_backend_pid() AS pid")[0].decode(Int.self, "pid") == pid)
        }
    }

    @Test func anErrorInAPipelineStopsTheRestAndUndoesItsWork() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY)")
            let error = await #expect(throws: PostgresError.self) {
                try await db.withConnection { connection in
                    try await connection.queries([
                        ("INSERT INTO notes VALUES (1)", []), ("INSERT INTO notes VALUES (1)", []), ("INSERT INTO notes VALUES (2)", []),
                    ])
                }
            }
            #expect(error?.isUniqueViolation == true)
            // Outside a transaction a pipeline is one implicit transaction: the first insert is gone too.
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0].decode(Int.self, "n") == 0)
            // The connection is usable again, and its prepared statements still work.
            try await db.execute("INSERT INTO notes VALUES (1)")
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0].decode(Int.self, "n") == 1)
        }
    }

    @Test func aTransactionSendsBeginWithItsFirstStatementAndDeferredOnesWithCommit() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)")
            let before = await traffic(db)
            try await db.transaction { connection in
                try await connection.execute("INSERT INTO notes VALUES (1, 'a')")
                connection.executeLater("INSERT INTO notes VALUES (2, 'b')")
                // A read sees what was deferred: it travels first.
                #expect(try await connection.query("SELECT count(*) AS n FROM notes")[0].decode(Int.self, "n") == 2)
                connection.executeLater("INSERT INTO notes VALUES (3, 'c')")
            }
            let after = await traffic(db)
            // [BEGIN, insert 1], [insert 2, count], [insert 3, COMMIT]
            #expect(after.roundTrips - before.roundTrips == 3)
            #expect(after.statements - before.statements == 6)
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0].decode(Int.self, "n") == 3)

            // A transaction that runs nothing sends nothing.
            let idle = await traffic(db)
            try await db.transaction { _ in }
            #expect(await traffic(db).roundTrips == idle.roundTrips)
        }
    }

    @Test func aFailingDeferredStatementFailsTheCommitAndRollsEverythingBack() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)")
            let error = await #expect(throws: PostgresError.self) {
                try await db.transaction { connection in
                    try await connection.execute("INSERT INTO notes VALUES (1, 'kept?')")
                    connection.executeLater("INSERT INTO notes VALUES (2, NULL)")  // violates NOT NULL
                }
            }
            #expect(error?.sqlState == "23502")
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0].decode(Int.self, "n") == 0)
            #expect(await db.openConnections == 1)  // rolled back, not dropped
        }
    }

    @Test func aCancelledTaskStillRollsBackAndTheConnectionStaysUsable() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY)")
            let task = Task {
                try await db.transaction { connection in
                    try await connection.execute("INSERT INTO notes VALUES (1)")
                    _ = try await connection.query("SELECT pg_sleep(0.3)")
                    try Task.checkCancellation()
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0].decode(Int.self, "n") == 0)
        }
    }

    @Test func manyWaitersTimeOutTogetherUnderOneSweeper() async throws {
        try await TestDatabase.with(poolSize: 1, acquireTimeout: .milliseconds(300)) { setup async throws in
            let db = setup.database
            _ = try await db.query("SELECT 1")
            let sweepsBefore = await db.poolStatistics.sweeps
            let kinds = try await db.withConnection { _ in
                try await withThrowingTaskGroup(of: PostgresError.Kind?.self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            do {
                                _ = try await db.query("SELECT 1")
                                return nil
                            } catch let error as PostgresError {
                                return error.kind
                            }
                        }
                    }
                    return try await group.reduce(into: [PostgresError.Kind?]()) { $0.append($1) }
                }
            }
            #expect(kinds.count == 20)
            #expect(kinds.allSatisfy { $0 == .poolTimeout })
            let statistics = await db.poolStatistics
            #expect(statistics.acquireTimeouts == 20)
            #expect(statistics.waiting == 0)
            // One timer for all twenty: the sweeper ran a handful of times, not once per waiter.
            #expect(statistics.sweeps - sweepsBefore <= 5)
        }
    }

    @Test func waitersGrantedInTimeCostNoTimeoutAndAreServedInOrder() async throws {
        // The deadline is generous: opening the two connections can wait on a test cluster busy cloning
        // databases for every other suite (seen once), and what is tested is that nobody times out.
        try await TestDatabase.with(poolSize: 2, acquireTimeout: .seconds(60)) { setup async throws in
            let db = setup.database
            let total = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<64 {
                    group.addTask { try await db.query("SELECT $1::int AS i, pg_sleep(0.001)", [index])[0].decode(Int.self, "i") }
                }
                return try await group.reduce(0, +)
            }
            #expect(total == (0..<64).reduce(0, +))
            let statistics = await db.poolStatistics
            #expect(statistics.acquireTimeouts == 0)
            #expect(statistics.open <= 2)
        }
    }
}
