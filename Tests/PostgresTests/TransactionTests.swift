import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Transactions and errors", .timeLimit(.minutes(3)))
struct TransactionTests {
    struct Boom: Error {}

    @Test func aThrownErrorLeavesNothingBehind() async throws {
        try await TestDatabase.with { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE items (name text PRIMARY KEY)")
            await #expect(throws: Boom.self) {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO items VALUES ($1)", ["first"])
                    try await tx.execute("INSERT INTO items VALUES ($1)", ["second"])
                    throw Boom()
                }
            }
            #expect(try await db.query("SELECT count(*) AS n FROM items")[0].decode(Int.self, "n") == 0)

            try await db.transaction { tx in
                try await tx.execute("INSERT INTO items VALUES ($1)", ["kept"])
            }
            #expect(try await db.query("SELECT name FROM items")[0].decode(String.self, "name") == "kept")
        }
    }

    @Test func aUniqueViolationSurfacesItsSQLStateAndConstraint() async throws {
        try await TestDatabase.with { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE phones (phone text CONSTRAINT phones_phone_key UNIQUE)")
            try await db.execute("INSERT INTO phones VALUES ($1)", ["13800138000"])
            let error = await #expect(throws: PostgresError.self) {
                try await db.execute("INSERT INTO phones VALUES ($1)", ["13800138000"])
            }
            #expect(error?.kind == .server)
            #expect(error?.sqlState == "23505")
            #expect(error?.isUniqueViolation == true)
            #expect(error?.constraint == "phones_phone_key")
            // The detail names the value; the description (what gets logged) must not.
            #expect(error?.detail?.contains("13800138000") == true)
            #expect(error?.description.contains("13800138000") == false)
        }
    }

    @Test func theConnectionIsUsableAfterAFailedStatementInATransaction() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            await #expect(throws: PostgresError.self) {
                try await db.transaction { tx in
                    _ = try await tx.query("SELECT 1/0")
                }
            }
            #expect(try await db.query("SELECT 2 AS two")[0].decode(Int.self, "two") == 2)
        }
    }

    /// Issue 24: the statement is refused before anything pending is taken from the connection.
    @Test func aNulRefusedInATransactionsFirstStatementLeavesItsBeginPending() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE notes (body text NOT NULL)")
            struct Undo: Error {}
            do {
                try await db.transaction { tx in
                    let refused = await #expect(throws: PostgresError.self) {
                        try await tx.execute("INSERT INTO notes VALUES ($1)", ["a\u{0}b"])
                    }
                    #expect(refused?.kind == .invalidParameter)
                    try await tx.execute("INSERT INTO notes VALUES ('inside')")
                    throw Undo()
                }
            } catch is Undo {}
            // The insert ran inside the transaction and was rolled back with it, not committed on its own.
            #expect(try await db.query("SELECT count(*)::int AS n FROM notes")[0].decode(Int.self, "n") == 0)
        }
    }

    @Test func aNulRefusedInATransactionsFirstStatementKeepsItsDeferredStatements() async throws {
        try await TestDatabase.with(poolSize: 1) { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE notes (body text NOT NULL)")
            try await db.transaction { tx in
                tx.executeLater("INSERT INTO notes VALUES ('audited')")
                await #expect(throws: PostgresError.self) {
                    try await tx.execute("INSERT INTO notes VALUES ($1)", ["a\u{0}b"])
                }
            }
            let bodies = try await db.query("SELECT body FROM notes").map { try $0.decode(String.self, "body") }
            #expect(bodies == ["audited"])
        }
    }

    @Test func serializationFailuresAreRetriedThenGivenUp() async throws {
        try await TestDatabase.with { setup async throws in
            let db = setup.database
            // Raises SQLSTATE 40001, as PostgreSQL does for a conflicting serializable transaction.
            try await db.execute(
                """
                CREATE FUNCTION conflict_if(fail boolean) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                    IF fail THEN
                        RAISE EXCEPTION 'simulated conflict' USING ERRCODE = 'serialization_failure';
                    END IF;
                    RETURN true;
                END $$
                """
            )
            try await db.execute("CREATE TABLE outcomes (attempt integer)")

            var calls = 0
            let attempt = try await withSerializationRetry(maxAttempts: 3) {
                calls += 1
                return try await db.transaction(.serializable) { tx in
                    try await tx.execute("INSERT INTO outcomes VALUES ($1)", [calls])
                    _ = try await tx.query("SELECT conflict_if($1)", [calls < 3])
                    return calls
                }
            }
            #expect(attempt == 3)
            // The failed attempts rolled back; only the successful one is stored.
            let stored = try await db.query("SELECT attempt FROM outcomes")
            #expect(try stored.map { try $0.decode(Int.self, "attempt") } == [3])

            var stubbornCalls = 0
            let error = await #expect(throws: PostgresError.self) {
                try await withSerializationRetry(maxAttempts: 2) {
                    stubbornCalls += 1
                    return try await db.query("SELECT conflict_if(true)")
                }
            }
            #expect(stubbornCalls == 2)
            #expect(error?.sqlState == "40001")

            // Other errors are not retried.
            var otherCalls = 0
            await #expect(throws: PostgresError.self) {
                try await withSerializationRetry(maxAttempts: 5) {
                    otherCalls += 1
                    return try await db.query("SELECT 1/0")
                }
            }
            #expect(otherCalls == 1)
        }
    }
}
