import Blocking
import Logging

/// The application's handle on PostgreSQL: a bounded pool of libpq connections in non-blocking mode,
/// whose answers one reactor thread reads as they arrive (docs/adr/0013). Opening connections, scripts
/// and COPY block, and run on two small thread pools: one that only opens connections, and one for
/// scripts and COPY.
public final class Database: Sendable {
    private let pool: ConnectionPool
    /// Opens connections, and nothing else.
    private let opening: BlockingExecutor
    /// Scripts and COPY. A COPY holds its thread for as long as its reader takes, a console export as
    /// long as a slow client; when they shared the opening threads, two such exports stopped every new
    /// connection (issue 24).
    private let longCalls: BlockingExecutor
    private let reactor: SocketReactor
    private let logger: Logger

    public init(settings: ConnectionSettings, poolSize: Int, acquireTimeout: Duration = .seconds(5), logger: Logger) {
        // Opening a connection takes a few milliseconds of waiting; two threads are plenty for that.
        opening = BlockingExecutor(threadCount: min(poolSize, 2))
        // Exports and scripts are rare; a third at once waits for a thread (holding its connection).
        longCalls = BlockingExecutor(threadCount: min(poolSize, 2))
        reactor = SocketReactor()
        pool = ConnectionPool(
            settings: settings, maximumConnections: poolSize, acquireTimeout: acquireTimeout,
            executor: opening, reactor: reactor, logger: logger
        )
        self.logger = logger
    }

    /// Lends a connection for the duration of `body`. A connection handed back inside a transaction (the
    /// body forgot to finish one, or was interrupted) is rolled back, or dropped if that fails. Statements
    /// deferred with `executeLater` are sent before it is handed back.
    public func withConnection<T>(_ body: (Connection) async throws -> T) async throws -> T {
        let raw = try await pool.acquire()
        let connection = Connection(raw: raw, executor: longCalls)
        do {
            let value = try await body(connection)
            try await raw.flush()
            await giveBack(raw)
            return value
        } catch {
            await giveBack(raw)
            throw error
        }
    }

    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws. `BEGIN`
    /// travels with the first statement and deferred statements with `COMMIT`, so a transaction costs no
    /// round trip of its own.
    public func transaction<T>(
        _ isolation: IsolationLevel = .readCommitted, _ body: (Connection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            connection.raw.begin("BEGIN ISOLATION LEVEL " + isolation.sql.text)
            let value: T
            do {
                value = try await body(connection)
            } catch {
                try? await connection.raw.rollback()
                throw error
            }
            try await connection.raw.commit()
            return value
        }
    }

    /// One statement, outside any explicit transaction (its own implicit one). When every connection is
    /// busy it shares the next free connection's round trip with other such statements.
    public func query(_ sql: SQL, _ parameters: [any PostgresEncodable] = []) async throws -> [Row] {
        try await pool.run(Connection.statement(sql, parameters)).rows
    }

    /// One statement, as `query`; answers the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await pool.run(Connection.statement(sql, parameters)).affectedRows
    }

    /// Runs a `DELETE … LIMIT` statement whose last parameter is the batch size until a batch comes back
    /// short; each batch is its own short transaction, so housekeeping never holds locks for long while
    /// the server runs. Answers the rows removed.
    public func deleteInBatches(_ sql: SQL, _ parameters: [any PostgresEncodable], batchSize: Int) async throws -> Int {
        precondition(batchSize > 0, "a batch holds at least one row")
        var total = 0
        while true {
            let removed = try await execute(sql, parameters + [batchSize])
            total += removed
            if removed < batchSize { return total }
        }
    }

    /// Whether the database answers a trivial query now.
    public func isReachable() async -> Bool {
        (try? await query("SELECT 1")) != nil
    }

    /// Connections currently open, idle or in use.
    public var openConnections: Int {
        get async { pool.openConnections }
    }

    /// The pool's current state, for `/metrics`.
    public var poolStatistics: PoolStatistics {
        get async { pool.statistics }
    }

    /// Closes idle connections and refuses new work; connections in use close when they are returned.
    public func close() async {
        await pool.close()
        await opening.shutdown()
        await longCalls.shutdown()
        await reactor.stop()
    }

    private func giveBack(_ raw: LibPQConnection) async {
        raw.discardPending()
        if raw.isInTransaction && !raw.isBroken {
            do {
                try await raw.rollback()
            } catch {
                logger.warning("could not roll back a returned connection; dropping it", metadata: ["error": "\(error)"])
            }
        }
        if raw.isInTransaction { raw.close() }
        pool.release(raw)
    }
}

public enum IsolationLevel: Sendable {
    case readCommitted, repeatableRead, serializable

    var sql: SQL {
        switch self {
        case .readCommitted: "READ COMMITTED"
        case .repeatableRead: "REPEATABLE READ"
        case .serializable: "SERIALIZABLE"
        }
    }
}

/// A connection lent by `Database.withConnection` or `Database.transaction`. Valid only inside the
/// closure it was given to.
public struct Connection: Sendable {
    let raw: LibPQConnection
    /// The database's threads for scripts and COPY.
    let executor: BlockingExecutor

    public func query(_ sql: SQL, _ parameters: [any PostgresEncodable] = []) async throws -> [Row] {
        try await raw.run(statement(sql, parameters)).rows
    }

    @discardableResult
    public func execute(_ sql: SQL, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await raw.run(statement(sql, parameters)).affectedRows
    }

    /// Queues a statement whose outcome the caller does not need before its next one (an audit event):
    /// it is sent with the next statement, the `COMMIT`, or when the connection is handed back, in the
    /// same round trip. If it fails, that next step throws its error and the transaction rolls back.
    public func executeLater(_ sql: SQL, _ parameters: [any PostgresEncodable] = []) {
        raw.executeLater(statement(sql, parameters))
    }

    /// Several statements in one round trip (libpq's pipeline mode), answering each one's rows. Outside
    /// a transaction they run as one implicit transaction. For statements that do not depend on each
    /// other's results.
    public func queries(_ statements: [(SQL, [any PostgresEncodable])]) async throws -> [[Row]] {
        try await raw.run(statements.map { statement($0.0, $0.1) }).map(\.rows)
    }

    /// `query`, planned afresh for these parameters each time instead of prepared once: for statements
    /// whose best plan depends on the values (a search whose optional filters and fragment length decide
    /// which index to walk), where a cached generic plan can be a hundred times slower.
    public func queryPlanningEachTime(_ sql: SQL, _ parameters: [any PostgresEncodable] = []) async throws -> [Row] {
        var unprepared = statement(sql, parameters)
        unprepared.prepared = false
        return try await raw.run(unprepared).rows
    }

    /// SQL text without parameters, possibly several statements: migration files, tests. Never build
    /// this text from input; use `query` with parameters instead. Blocks a thread of the executor.
    public func executeScript(_ sql: SQL) async throws {
        try await raw.flush()
        let raw = raw
        let text = sql.text
        try await executor.runLibPQ { try raw.executeScript(text) }
    }

    /// Streams `COPY (…) TO STDOUT` to `write`, chunk by chunk, on one of the database's threads for
    /// scripts and COPY, where libpq blocks (write there with blocking calls: a file or standard output). Answers the bytes written. The SQL is
    /// text the program built from constants and catalog names, never from input.
    public func copyOut(_ sql: SQL, write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws -> Int {
        try await raw.flush()
        let raw = raw
        let text = sql.text
        return try await executor.runLibPQ { try raw.copyOut(text, write: write) }
    }

    /// The server process serving this connection.
    public var backendPID: Int32 {
        get async throws { raw.backendPID }
    }

    private func statement(_ sql: SQL, _ parameters: [any PostgresEncodable]) -> LibPQConnection.Statement {
        Self.statement(sql, parameters)
    }

    static func statement(_ sql: SQL, _ parameters: [any PostgresEncodable]) -> LibPQConnection.Statement {
        LibPQConnection.Statement(sql: sql.text, parameters: parameters.map(\.postgresText))
    }
}

extension Connection {
    /// A transaction-scoped advisory lock on a text key (hashed to PostgreSQL's 64-bit key space), held
    /// until the transaction ends. `shared` locks coexist with each other but not with exclusive ones.
    /// Every transaction-scoped advisory lock in the code base goes through here, so keys are written one
    /// way (the migrator's session lock, taken before any transaction, is its own).
    public func advisoryLock(_ key: String, shared: Bool = false) async throws {
        if shared {
            _ = try await query("SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))", [key])
        } else {
            _ = try await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key])
        }
    }

    /// The exclusive transaction-scoped lock on `key` if nobody holds it now: false instead of waiting.
    public func tryAdvisoryLock(_ key: String) async throws -> Bool {
        try await query("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS taken", [key])[0].decode(Bool.self, "taken")
    }

    /// Exclusive transaction-scoped locks on several keys in one round trip, taken in the order given
    /// (callers keep one order everywhere, so two requests cannot wait on each other in a cycle).
    public func advisoryLocks(_ keys: [String]) async throws {
        guard keys.count > 1 else {
            if let key = keys.first { try await advisoryLock(key) }
            return
        }
        _ = try await query(
            """
            SELECT pg_advisory_xact_lock(hashtextextended(key, 0))
            FROM unnest($1::text[]) WITH ORDINALITY AS keys(key, position) ORDER BY position
            """,
            [keys]
        )
    }
}
