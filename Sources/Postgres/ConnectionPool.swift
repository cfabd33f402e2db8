import Blocking
import Logging
import Synchronization

/// A bounded set of connections. Callers beyond the bound wait in line, each for at most the acquire
/// timeout. Connections open lazily; broken ones are closed and their slot is given to the next caller.
///
/// The state sits behind a lock rather than in an actor: taking an idle connection and giving it back
/// are a few instructions, and an actor would add a hop (and often a thread switch) to both ends of
/// every request. Waiters carry a deadline that one sweeper task checks, so a wait that is granted
/// costs no timer at all (docs/adr/0013-libpq-without-a-thread-per-statement.md).
final class ConnectionPool: Sendable {
    private enum Grant {
        case connection(LibPQConnection)
        /// A slot was freed: the waiter may open a new connection.
        case slot
    }

    private struct Waiter {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Grant, any Error>
    }

    /// What a caller waiting with one standalone statement gets: its statement's answer (sent for it
    /// together with others' on a connection as soon as one came free), or a free slot to open a
    /// connection with.
    private enum StatementGrant {
        case answered(QueryResult)
        case slot
    }

    /// A caller waiting with one standalone statement (`Database.query`, `Database.execute`).
    private struct StatementWaiter {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let statement: LibPQConnection.Statement
        let continuation: CheckedContinuation<StatementGrant, any Error>
    }

    /// One place in line: a caller that needs a connection for itself, or one with a standalone statement.
    private enum Queued {
        case connection(Waiter)
        case statement(StatementWaiter)

        var id: UInt64 {
            switch self {
            case .connection(let waiter): waiter.id
            case .statement(let waiter): waiter.id
            }
        }

        var deadline: ContinuousClock.Instant {
            switch self {
            case .connection(let waiter): waiter.deadline
            case .statement(let waiter): waiter.deadline
            }
        }

        func fail(_ error: any Error) {
            switch self {
            case .connection(let waiter): waiter.continuation.resume(throwing: error)
            case .statement(let waiter): waiter.continuation.resume(throwing: error)
            }
        }

        func grantSlot() {
            switch self {
            case .connection(let waiter): waiter.continuation.resume(returning: .slot)
            case .statement(let waiter): waiter.continuation.resume(returning: .slot)
            }
        }
    }

    private enum Take {
        case idle(LibPQConnection), slot, none, closed
    }

    /// What a released connection does next.
    private enum Handover {
        case grant(Waiter)
        case send([StatementWaiter])
        case kept
        case close
    }

    private struct State {
        var idle: [LibPQConnection] = []
        var openCount = 0
        /// First come, first served; equal timeouts make the first also the first to expire.
        var waiters: [Queued] = []
        var nextWaiterID: UInt64 = 0
        var isClosed = false
        var timeouts = 0
        var isSweeping = false
        var sweeps = 0

        mutating func removeWaiter(_ id: UInt64) -> Queued? {
            guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return waiters.remove(at: index)
        }

        /// A connection for a caller at once: an idle one, or a free slot to open one in (counted now).
        mutating func take(maximum: Int) -> Take {
            if isClosed { return .closed }
            if let connection = idle.popLast() { return .idle(connection) }
            if openCount < maximum {
                openCount += 1
                return .slot
            }
            return .none
        }

        mutating func newWaiterID() -> UInt64 {
            defer { nextWaiterID += 1 }
            return nextWaiterID
        }

        mutating func popWaiter() -> Queued? {
            waiters.isEmpty ? nil : waiters.removeFirst()
        }

        /// Who gets a connection that came free: the first in line, or, when the first in line waits
        /// with a standalone statement, it and the standalone statements right behind it, together.
        mutating func handover(limit: Int) -> Handover? {
            guard let first = waiters.first else { return nil }
            switch first {
            case .connection(let waiter):
                waiters.removeFirst()
                return .grant(waiter)
            case .statement:
                var batch: [StatementWaiter] = []
                while batch.count < limit, case .statement(let waiter)? = waiters.first {
                    waiters.removeFirst()
                    batch.append(waiter)
                }
                return .send(batch)
            }
        }
    }

    private let settings: ConnectionSettings
    private let maximumConnections: Int
    private let acquireTimeout: Duration
    private let executor: BlockingExecutor
    private let reactor: SocketReactor
    let traffic = DatabaseTraffic()
    private let logger: Logger
    private let state = Mutex(State())

    init(
        settings: ConnectionSettings, maximumConnections: Int, acquireTimeout: Duration,
        executor: BlockingExecutor, reactor: SocketReactor, logger: Logger
    ) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.settings = settings
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
        self.executor = executor
        self.reactor = reactor
        self.logger = logger
    }

    func acquire() async throws -> LibPQConnection {
        while true {
            switch state.withLock({ $0.take(maximum: maximumConnections) }) {
            case .closed:
                throw PostgresError(.poolClosed, "the connection pool is closed")
            case .idle(let connection):
                if connection.isHealthy() { return connection }
                logger.info("dropping a broken idle database connection")
                discard(connection)
            case .slot:
                return try await openConnection()
            case .none:
                switch try await waitForGrant() {
                case .connection(let connection): return connection
                case .slot: return try await openConnection()
                }
            }
        }
    }

    /// Runs one standalone statement (its own implicit transaction). When every connection is busy, the
    /// caller does not wait for a connection of its own: its statement waits in line, and the next
    /// connection to come free sends it together with the standalone statements queued behind it, each
    /// with its own sync, in one round trip (docs/adr/0016-standalone-statements-share-round-trips.md).
    func run(_ statement: LibPQConnection.Statement) async throws -> QueryResult {
        try statement.checkParameters()
        while true {
            let connection: LibPQConnection
            switch state.withLock({ $0.take(maximum: maximumConnections) }) {
            case .closed:
                throw PostgresError(.poolClosed, "the connection pool is closed")
            case .idle(let idle):
                guard idle.isHealthy() else {
                    logger.info("dropping a broken idle database connection")
                    discard(idle)
                    continue
                }
                connection = idle
            case .slot:
                connection = try await openConnection()
            case .none:
                switch try await waitInLine(with: statement) {
                case .answered(let result): return result
                case .slot: connection = try await openConnection()
                }
            }
            defer { release(connection) }
            return try await connection.run(statement)
        }
    }

    /// Returns a connection. A broken one is closed and its slot handed on.
    func release(_ connection: LibPQConnection) {
        // Still in a transaction (a standalone `BEGIN`): nobody may inherit it.
        if connection.isBroken || connection.isInTransaction {
            discard(connection)
            return
        }
        let step = state.withLock { state -> Handover in
            if state.isClosed { return .close }
            if let handover = state.handover(limit: Self.statementsPerRoundTrip) { return handover }
            state.idle.append(connection)
            return .kept
        }
        switch step {
        case .grant(let waiter): waiter.continuation.resume(returning: .connection(connection))
        case .send(let batch): send(batch, on: connection)
        case .kept: break
        case .close: discard(connection)
        }
    }

    /// At most this many queued standalone statements share a round trip, so one connection's batch
    /// does not make the last of them wait for all the others' execution when other connections free up.
    static let statementsPerRoundTrip = 8

    /// Sends queued standalone statements on a connection nobody holds, answers each caller when the
    /// answers arrive (on the reactor's thread), and passes the connection on.
    private func send(_ batch: [StatementWaiter], on connection: LibPQConnection) {
        connection.runSeparately(batch.map(\.statement)) { [self] outcomes in
            for (waiter, outcome) in zip(batch, outcomes) {
                switch outcome {
                case .success(let result): waiter.continuation.resume(returning: .answered(result))
                case .failure(let error): waiter.continuation.resume(throwing: error)
                }
            }
            release(connection)
        }
    }

    func close() async {
        let (connections, waiters) = state.withLock { state in
            state.isClosed = true
            defer {
                state.openCount -= state.idle.count
                state.idle.removeAll()
                state.waiters.removeAll()
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters {
            waiter.fail(PostgresError(.poolClosed, "the connection pool is closed"))
        }
        for connection in connections { connection.close() }
    }

    /// Connections currently open (idle or in use), for tests and diagnostics.
    var openConnections: Int { state.withLock { $0.openCount } }

    /// What the pool is doing now, for `/metrics`. `open` counts slots being opened as well.
    var statistics: PoolStatistics {
        state.withLock { state in
            PoolStatistics(
                size: maximumConnections, open: state.openCount, idle: state.idle.count,
                inUse: state.openCount - state.idle.count, waiting: state.waiters.count,
                acquireTimeouts: state.timeouts, sweeps: state.sweeps,
                roundTrips: traffic.snapshot.roundTrips, statements: traffic.snapshot.statements
            )
        }
    }

    private func openConnection() async throws -> LibPQConnection {
        let settings = settings
        let reactor = reactor
        let traffic = traffic
        do {
            return try await executor.runLibPQ { try LibPQConnection.open(settings, reactor: reactor, traffic: traffic) }
        } catch {
            freeSlot()
            throw error
        }
    }

    private func discard(_ connection: LibPQConnection) {
        // Non-blocking: PQfinish queues the goodbye and closes the socket.
        connection.close()
        freeSlot()
    }

    private func freeSlot() {
        let waiter = state.withLock { state -> Queued? in
            // The slot passes to the waiter, so openCount is unchanged.
            if !state.isClosed, let waiter = state.popWaiter() { return waiter }
            state.openCount -= 1
            return nil
        }
        waiter?.grantSlot()
    }

    private func waitForGrant() async throws -> Grant {
        let id = state.withLock { $0.newWaiterID() }
        let deadline = ContinuousClock.now + acquireTimeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enum Step { case grant(Grant), closed, waiting(startSweeper: Bool) }
                // What changed since `acquire` looked is decided under the same lock as the queueing, so
                // no release can slip between them unseen.
                let step = state.withLock { state -> Step in
                    switch state.take(maximum: maximumConnections) {
                    case .closed: return .closed
                    case .idle(let connection): return .grant(.connection(connection))
                    case .slot: return .grant(.slot)
                    case .none: break
                    }
                    state.waiters.append(.connection(Waiter(id: id, deadline: deadline, continuation: continuation)))
                    let startSweeper = !state.isSweeping
                    state.isSweeping = true
                    return .waiting(startSweeper: startSweeper)
                }
                switch step {
                case .grant(let grant): continuation.resume(returning: grant)
                case .closed: continuation.resume(throwing: PostgresError(.poolClosed, "the connection pool is closed"))
                case .waiting(let startSweeper):
                    if startSweeper { Task { await self.sweep() } }
                    // Cancelled before the waiter was queued: the handler below found nothing to remove.
                    if Task.isCancelled { expire(id, CancellationError()) }
                }
            }
        } onCancel: {
            expire(id, CancellationError())
        }
    }

    /// Waits in line with a standalone statement (see `run`).
    private func waitInLine(with statement: LibPQConnection.Statement) async throws -> StatementGrant {
        let id = state.withLock { $0.newWaiterID() }
        let deadline = ContinuousClock.now + acquireTimeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enum Step { case idle(LibPQConnection), slot, closed, waiting(startSweeper: Bool) }
                let step = state.withLock { state -> Step in
                    switch state.take(maximum: maximumConnections) {
                    case .closed: return .closed
                    case .idle(let connection): return .idle(connection)
                    case .slot: return .slot
                    case .none: break
                    }
                    let waiter = StatementWaiter(id: id, deadline: deadline, statement: statement, continuation: continuation)
                    state.waiters.append(.statement(waiter))
                    let startSweeper = !state.isSweeping
                    state.isSweeping = true
                    return .waiting(startSweeper: startSweeper)
                }
                switch step {
                case .idle(let connection):
                    // A connection came free since `run` looked: the statement goes out on it alone. A
                    // broken one is closed and its slot used to open another.
                    guard connection.isHealthy() else {
                        connection.close()
                        return continuation.resume(returning: .slot)
                    }
                    let waiter = StatementWaiter(id: id, deadline: deadline, statement: statement, continuation: continuation)
                    send([waiter], on: connection)
                case .slot: continuation.resume(returning: .slot)
                case .closed: continuation.resume(throwing: PostgresError(.poolClosed, "the connection pool is closed"))
                case .waiting(let startSweeper):
                    if startSweeper { Task { await self.sweep() } }
                    // Cancelled before the waiter was queued: the handler below found nothing to remove.
                    if Task.isCancelled { expire(id, CancellationError()) }
                }
            }
        } onCancel: {
            // Only a statement still in line is withdrawn; one already sent runs and is answered.
            expire(id, CancellationError())
        }
    }

    private func expire(_ id: UInt64, _ error: any Error) {
        state.withLock { $0.removeWaiter(id) }?.fail(error)
    }

    /// The one timer of the pool: sleeps until the first waiter's deadline, fails every waiter whose
    /// deadline has passed, and stops when nobody waits.
    private func sweep() async {
        while true {
            let now = ContinuousClock.now
            let (expired, next) = state.withLock { state -> ([Queued], ContinuousClock.Instant?) in
                state.sweeps += 1
                let expired = state.waiters.filter { $0.deadline <= now }
                if !expired.isEmpty {
                    state.waiters.removeAll { $0.deadline <= now }
                    state.timeouts += expired.count
                }
                guard let first = state.waiters.map(\.deadline).min() else {
                    state.isSweeping = false
                    return (expired, nil)
                }
                return (expired, first)
            }
            let error = PostgresError(.poolTimeout, "no database connection became free within \(acquireTimeout)")
            expired.forEach { $0.fail(error) }
            guard let next else { return }
            try? await Task.sleep(until: next, tolerance: .milliseconds(10), clock: .continuous)
        }
    }
}

/// A snapshot of the pool: its bound, connections open, idle and lent out, callers waiting for one, how
/// many waits ran out since start, how often the deadline sweeper ran, and the traffic sent.
public struct PoolStatistics: Sendable, Equatable {
    public let size: Int
    public let open: Int
    public let idle: Int
    public let inUse: Int
    public let waiting: Int
    public let acquireTimeouts: Int
    public let sweeps: Int
    /// Round trips to the server (a pipeline of several statements is one) and statements sent.
    public let roundTrips: Int
    public let statements: Int
}

/// Round trips and statements sent since start, over every connection of a pool: how tests hold a
/// route to its number of statements, and what `/metrics` reports.
final class DatabaseTraffic: Sendable {
    private let roundTrips = Atomic<Int>(0)
    private let statements = Atomic<Int>(0)

    func count(statements count: Int) {
        roundTrips.wrappingAdd(1, ordering: .relaxed)
        statements.wrappingAdd(count, ordering: .relaxed)
    }

    var snapshot: (roundTrips: Int, statements: Int) {
        (roundTrips.load(ordering: .relaxed), statements.load(ordering: .relaxed))
    }
}
