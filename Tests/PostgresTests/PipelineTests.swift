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
            let (inserted, signal) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                defer { signal.finish() }  // a failure before the insert ends the wait below too
                try await db.transaction { connection in
                    try await connection.execute("INSERT INTO notes VALUES (1)")
                    signal.yield()
                    // Still working, inside the transaction, when the cancellation arrives (whenever it does).
                    while !Task.isCancelled { _ = try await connection.query("SELECT pg_sleep(0.01)") }
                    try Task.checkCancellation()
                }
            }
            // Cancelled once the insert is made, not after a guessed time.
            for await _ in inserted { break }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await db.query("SELECT count(*) AS n FROM notes")[0].decode(Int.self, "n") == 0)
        }
    }

    @Test func manyWaitersTimeOutTogetherUnderOneSweeper() async throws {
        // The acquire timeout only has to outlast queueing twenty callers, which is checked, not assumed.
        try await TestDatabase.with(poolSize: 1, acquireTimeout: .seconds(2)) { setup async throws in
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
                    // All twenty in line at once: from here one sweeper run serves them all.
                    try await waitUntilWaiting(db, 20)
                    return try await group.reduce(into: [PostgresError.Kind?]()) { $0.append($1) }
                }
            }
            #expect(kinds.count == 20)
            #expect(kinds.allSatisfy { $0 == .poolTimeout })
            let statistics = await db.poolStatistics
            #expect(statistics.acquireTimeouts == 20)
            #expect(statistics.waiting == 0)
            // One sweeper: it looks once when it starts, then only when a deadline is due, and each such
            // look expires at least one waiter; so at most 1 + 20 looks however the deadlines spread. A
            // sweeper per waiter would look at least twice per waiter (40).
            #expect(statistics.sweeps - sweepsBefore <= 1 + 20)
        }
    }

    @Test func waitersGrantedInTimeCostNoTimeoutAndAreServedInOrder() async throws {
        // The deadline is generous: opening the two connections can wait on a test cluster busy cloning
        // databases for every other suite (seen once), and what is tested is that nobody times out.
        try await TestDatabase.with(poolSize: 2, acquireTimeout: .seconds(60)) { setup async throws in
            let db = setup.database
            let total = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<64 {
                    // pg_sleep(0.001) only paces the load (each statement holds its connection a moment, so
                    // callers queue); the outcome is the answers and the counts, not how long anything took.
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

    // MARK: Standalone statements queued behind a busy pool (docs/adr/0016)

    /// Waits until `count` callers are in line for a connection.
    private func waitUntilWaiting(_ db: Database, _ count: Int) async throws {
        try await eventually("\(count) callers in line") { await db.poolStatistics.waiting == count }
    }

    @Test func queuedStandaloneStatementsShareOneRoundTripAndStayIndependent() async throws {
        try await TestDatabase.with(poolSize: 1, acquireTimeout: .seconds(30)) { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY)")
            try await db.execute("INSERT INTO notes VALUES (1)")
            let (before, outcomes) = try await db.withConnection { _ in
                let before = await traffic(db)
                // Five callers while the only connection is lent out: they wait in line with their statements.
                let tasks: [Task<String, Never>] = [
                    Task { (try? await db.execute("INSERT INTO notes VALUES (2)")).map { "inserted \($0)" } ?? "failed" },
                    Task {
                        do {
                            try await db.execute("INSERT INTO notes VALUES (1)")
                            return "inserted a duplicate"
                        } catch let error as PostgresError {
                            return error.isUniqueViolation ? "duplicate refused" : "\(error)"
                        } catch { return "\(error)" }
                    },
                    Task { (try? await db.execute("INSERT INTO notes VALUES (3)")).map { "inserted \($0)" } ?? "failed" },
                    Task { (try? await db.query("SELECT $1::text AS t", ["五"])[0].decode(String.self, "t")) ?? "failed" },
                    Task { (try? await db.query("SELECT 1 AS n WHERE false").count).map { "\($0) rows" } ?? "failed" },
                ]
                try await waitUntilWaiting(db, tasks.count)
                return (before, tasks)
            }
            var answers: [String] = []
            for task in outcomes { answers.append(await task.value) }
            let after = await traffic(db)
            #expect(answers == ["inserted 1", "duplicate refused", "inserted 1", "五", "0 rows"])
            // All five went out together once the connection came back: one round trip, five statements,
            // each its own implicit transaction, so the failing duplicate undid nothing of its neighbours.
            #expect(after.roundTrips - before.roundTrips == 1)
            #expect(after.statements - before.statements == 5)
            #expect(try await db.query("SELECT array_agg(id ORDER BY id)::text AS ids FROM notes")[0].decode(String.self, "ids") == "{1,2,3}")
            #expect(await db.poolStatistics.waiting == 0)
        }
    }

    @Test func aRoundTripCarriesAtMostEightQueuedStatementsAndEveryoneIsAnswered() async throws {
        try await TestDatabase.with(poolSize: 1, acquireTimeout: .seconds(30)) { setup async throws in
            let db = setup.database
            _ = try await db.query("SELECT $1::int AS i", [0])  // prepared before counting
            let (before, tasks) = try await db.withConnection { _ in
                let before = await traffic(db)
                let tasks = (0..<20).map { index in
                    Task { try await db.query("SELECT $1::int AS i", [index])[0].decode(Int.self, "i") }
                }
                try await waitUntilWaiting(db, 20)
                return (before, tasks)
            }
            var answers: [Int] = []
            for task in tasks { answers.append(try await task.value) }
            #expect(answers == Array(0..<20))
            let after = await traffic(db)
            #expect(after.statements - before.statements == 20)
            #expect(after.roundTrips - before.roundTrips == 3)  // 8 + 8 + 4
        }
    }

    @Test func aQueuedStatementWhoseCallerIsCancelledNeverRuns() async throws {
        try await TestDatabase.with(poolSize: 1, acquireTimeout: .seconds(30)) { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE notes (id int PRIMARY KEY)")
            let kept = try await db.withConnection { _ in
                let cancelled = Task { try await db.execute("INSERT INTO notes VALUES (1)") }
                let kept = Task { try await db.execute("INSERT INTO notes VALUES (2)") }
                try await waitUntilWaiting(db, 2)
                cancelled.cancel()
                await #expect(throws: CancellationError.self) { try await cancelled.value }
                #expect(await db.poolStatistics.waiting == 1)
                return kept
            }
            #expect(try await kept.value == 1)
            #expect(try await db.query("SELECT array_agg(id)::text AS ids FROM notes")[0].decode(String.self, "ids") == "{2}")
        }
    }

    @Test func aConnectionLostUnderASharedRoundTripFailsEachCallerAndIsReplaced() async throws {
        try await TestDatabase.with(poolSize: 1, acquireTimeout: .seconds(30)) { setup async throws in
            let db = setup.database
            let tasks = try await db.withConnection { _ in
                let tasks = [
                    Task { try await db.query("SELECT pg_terminate_backend(pg_backend_pid())") },
                    Task { try await db.query("SELECT 1 AS n") },
                ]
                try await waitUntilWaiting(db, 2)
                return tasks
            }
            for task in tasks {
                let error = await #expect(throws: PostgresError.self) { try await task.value }
                #expect(error?.kind == .connectionLost)
            }
            // The broken connection was dropped; the next statement opens a fresh one.
            #expect(try await db.query("SELECT 2 AS n")[0].decode(Int.self, "n") == 2)
            #expect(await db.openConnections == 1)
        }
    }

    @Test func aStandaloneBeginIsNotInheritedByTheNextCaller() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            let first = try await db.query("SELECT pg_backend_pid() AS pid")[0].decode(Int.self, "pid")
            try await db.execute("BEGIN")
            // The connection left in a transaction was closed, not lent again: a new backend answers.
            let row = try await db.query("SELECT pg_backend_pid() AS pid")[0]
            #expect(try row.decode(Int.self, "pid") != first)
            #expect(await db.openConnections == 1)
        }
    }
}
