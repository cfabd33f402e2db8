import CLibPQ
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection in non-blocking mode (docs/adr/0013-libpq-without-a-thread-per-statement.md).
/// Statements go out in libpq's pipeline mode from the task that runs them, and the answers are read
/// on the `SocketReactor`'s thread when they arrive; nothing blocks a thread while the server works.
/// Opening, scripts and COPY still block, and run on `BlockingExecutor`'s threads.
///
/// `@unchecked Sendable`: the pool hands a connection to exactly one task at a time, and that task runs
/// its calls one after another; while it is suspended waiting for an answer, only the reactor's thread
/// touches the `PGconn`, and the hand-over both ways goes through a lock and a continuation.
final class LibPQConnection: @unchecked Sendable {
    /// One statement of a batch. `prepared`: prepared on this connection on first use and reused (false:
    /// planned for these parameters every time, see `Connection.queryPlanningEachTime`).
    struct Statement: Sendable {
        let sql: String
        let parameters: [String?]
        var prepared = true

        /// Parameters travel as C strings: a NUL would silently end the value there. Refuse, never truncate.
        func checkParameters() throws(PostgresError) {
            if let index = parameters.firstIndex(where: { $0?.utf8.contains(0) == true }) {
                throw PostgresError(.invalidParameter, "parameter $\(index + 1) contains a NUL character")
            }
        }
    }

    let handle: OpaquePointer
    let reactor: SocketReactor
    let traffic: DatabaseTraffic
    let token: UInt64
    let socket: Int32
    var isRegistered = false
    /// SQL text → name of the statement prepared for it on this connection.
    var preparedStatements: [String: String] = [:]
    /// The result columns of each prepared statement, by name: they are the same on every execution, and
    /// building them (names, types, the index by name) was a visible share of each request (issue 14).
    var columnsByStatement: [String: Columns] = [:]
    /// Names are never reused, so a prepare whose outcome was lost cannot collide with a later one.
    var nextStatementNumber = 0
    /// Set here, and by the blocking calls in LibPQConnection+Blocking.swift.
    var isBroken = false
    private(set) var isClosed = false
    /// `BEGIN …` not sent yet: it goes out in the same round trip as the transaction's first statement.
    private(set) var pendingBegin: String?
    /// Statements whose results nobody waits for (audit events): sent with the next statement.
    private(set) var deferred: [Statement] = []

    private init(handle: OpaquePointer, reactor: SocketReactor, traffic: DatabaseTraffic) {
        self.handle = handle
        self.reactor = reactor
        self.traffic = traffic
        token = reactor.makeToken()
        socket = PQsocket(handle)
    }

    static func open(_ settings: ConnectionSettings, reactor: SocketReactor, traffic: DatabaseTraffic) throws(PostgresError) -> LibPQConnection {
        let pairs = settings.keywords()
        let handle = withCStrings(pairs.map(\.0)) { keys in
            withCStrings(pairs.map(\.1)) { values in PQconnectdbParams(keys, values, 1) }
        }
        guard let handle else { throw PostgresError(.connectionFailed, "libpq could not allocate a connection") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PostgresError(.connectionFailed, "could not connect to the database: \(message)")
        }
        // libpq prints notices (e.g. "relation already exists, skipping") to stderr by default; they are
        // informational, and stray stderr lines would bypass the structured log.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQsetnonblocking(handle, 1) == 0 else {
            PQfinish(handle)
            throw PostgresError(.connectionFailed, "libpq could not switch the connection to non-blocking mode")
        }
        return LibPQConnection(handle: handle, reactor: reactor, traffic: traffic)
    }

    /// The backend's process id, for diagnostics and tests.
    var backendPID: Int32 { PQbackendPID(handle) }

    var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Reads whatever the server sent while the connection sat idle. A terminated backend leaves an error
    /// and EOF on the socket, which this notices without a round trip. The socket is non-blocking, so
    /// this never waits.
    func isHealthy() -> Bool {
        guard !isBroken, !isClosed else { return false }
        // The first read takes the server's farewell message, parsing it (PQisBusy) consumes it, and the
        // second read meets the end of the stream, which is what marks the connection bad.
        for _ in 0..<2 {
            if PQconsumeInput(handle) == 0 || PQstatus(handle) != CONNECTION_OK {
                isBroken = true
                break
            }
            _ = PQisBusy(handle)
        }
        return !isBroken
    }

    // MARK: Transactions and deferred statements

    /// Starts a transaction lazily: `BEGIN` travels with the first statement.
    func begin(_ sql: String) {
        pendingBegin = sql
    }

    /// Queues a statement whose result the caller does not need before its next statement; an error in
    /// it is thrown by that next statement (or by `COMMIT`), which then does not run.
    func executeLater(_ statement: Statement) {
        deferred.append(statement)
    }

    /// Commits, sending deferred statements in the same round trip. A transaction that never ran a
    /// statement sends nothing.
    func commit() async throws {
        if pendingBegin != nil, deferred.isEmpty {
            pendingBegin = nil
            return
        }
        _ = try await run(Statement(sql: "COMMIT", parameters: []))
    }

    /// Rolls back; deferred statements are dropped unsent.
    func rollback() async throws {
        deferred.removeAll()
        if pendingBegin != nil {
            pendingBegin = nil
            return
        }
        if isInTransaction { _ = try await run(Statement(sql: "ROLLBACK", parameters: [])) }
    }

    /// Sends whatever is pending (a `BEGIN`, deferred statements) and waits for it.
    func flush() async throws {
        guard pendingBegin != nil || !deferred.isEmpty else { return }
        _ = try await runBatch([])
    }

    /// Forgets what is pending; for a connection going back to the pool.
    func discardPending() {
        pendingBegin = nil
        deferred.removeAll()
    }

    // MARK: Statements

    /// Runs one statement, after whatever is pending, in one round trip.
    func run(_ statement: Statement) async throws -> QueryResult {
        try await runBatch([statement]).last ?? QueryResult(rows: [], affectedRows: 0)
    }

    /// Runs several statements in one round trip (libpq's pipeline mode); outside a transaction they
    /// form one implicit transaction. The first error is thrown, and the statements after it do not run.
    func run(_ statements: [Statement]) async throws -> [QueryResult] {
        let results = try await runBatch(statements)
        return Array(results.suffix(statements.count))
    }

    private func runBatch(_ statements: [Statement]) async throws -> [QueryResult] {
        guard !isBroken, !isClosed else { throw PostgresError(.connectionLost, "the database connection is closed") }
        var batch: [Statement] = []
        if let begin = pendingBegin { batch.append(Statement(sql: begin, parameters: [])) }
        batch += deferred
        batch += statements
        // Refused before anything pending is taken: a NUL in a transaction's first statement must leave
        // its `BEGIN` and deferred audit inserts for the next statement, not drop them (the next one would
        // then run outside the transaction). A NUL in a deferred statement fails every later statement
        // until the transaction rolls back, as any failing deferred statement does.
        for statement in batch { try statement.checkParameters() }
        pendingBegin = nil
        deferred.removeAll()
        let (sent, flushing) = try send([batch])
        let segments: [[OpaquePointer]]
        do {
            segments = try await answers(syncs: 1, flushing: flushing).segments
        } catch {
            isBroken = true
            throw error
        }
        defer { segments.joined().forEach { PQclear($0) } }
        leavePipeline()
        return try answered(sent[0], segments[0]).get()
    }

    /// Runs statements of different callers in one round trip, each followed by its own sync: each is
    /// its own implicit transaction, and an error in one leaves the others untouched. `completion` is
    /// called once, with each statement's outcome in order: on the reactor's thread when the answers
    /// arrive, or at once if they cannot be sent. The connection must not be used until then.
    func runSeparately(_ statements: [Statement], completion: @escaping @Sendable ([Result<QueryResult, PostgresError>]) -> Void) {
        @Sendable func failAll(_ error: PostgresError) {
            completion(Array(repeating: .failure(error), count: statements.count))
        }
        guard !isBroken, !isClosed else { return failAll(PostgresError(.connectionLost, "the database connection is closed")) }
        let sent: [SentSegment]
        let flushing: Bool
        do {
            (sent, flushing) = try send(statements.map { [$0] })
        } catch {
            return failAll(error)
        }
        watch(syncs: statements.count, flushing: flushing) { [self] outcome in
            switch outcome {
            case .failure(let error):
                isBroken = true
                failAll(error)
            case .success(let answers):
                let segments = answers.segments
                defer { segments.joined().forEach { PQclear($0) } }
                leavePipeline()
                completion(zip(sent, segments).map { segment, results in
                    answered(segment, results).map { $0.last ?? QueryResult(rows: [], affectedRows: 0) }
                })
            }
        }
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        isBroken = true
        if isRegistered { reactor.forget(fd: socket, token: token) }
        PQfinish(handle)
    }

    deinit { close() }
}
