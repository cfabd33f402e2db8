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
    let settings: ConnectionSettings
    let maximumConnections: Int
    let acquireTimeout: Duration
    private let executor: BlockingExecutor
    private let reactor: SocketReactor
    let traffic = DatabaseTraffic()
    let logger: Logger
    let state = Mutex(State())

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

    /// A connection of the caller's own, for `Database.withConnection`.
    func acquire() async throws -> LibPQConnection {
        guard case .connection(let connection) = try await obtain(statement: nil) else {
            preconditionFailure("only a caller waiting with a statement is answered")
        }
        return connection
    }

    /// What a caller gets from the pool.
    enum Obtained {
        case connection(LibPQConnection)
        /// The caller's standalone statement was sent for it on a connection that came free.
        case answered(QueryResult)
    }

    /// The one way in, for `acquire` and `run`: an idle connection (checked first), a free slot to open
    /// one in, or a place in line (`wait`).
    func obtain(statement: LibPQConnection.Statement?) async throws -> Obtained {
        while true {
            let grant: Grant
            switch state.withLock({ $0.take(maximum: maximumConnections) }) {
            case .closed: throw PostgresError(.poolClosed, "the connection pool is closed")
            case .idle(let connection): grant = .idle(connection)
            case .slot: grant = .slot
            case .none: grant = try await wait(with: statement)
            }
            switch grant {
            case .connection(let connection): return .connection(connection)
            case .answered(let result): return .answered(result)
            case .slot: return .connection(try await openConnection())
            case .idle(let connection):
                if connection.isHealthy() { return .connection(connection) }
                logger.info("dropping a broken idle database connection")
                discard(connection)
            }
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

    func openConnection() async throws -> LibPQConnection {
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

    func discard(_ connection: LibPQConnection) {
        // Non-blocking: PQfinish queues the goodbye and closes the socket.
        connection.close()
        freeSlot()
    }

    private func freeSlot() {
        let waiter = state.withLock { state -> Waiter? in
            // The slot passes to the waiter, so openCount is unchanged.
            if !state.isClosed, let waiter = state.popWaiter() { return waiter }
            state.openCount -= 1
            return nil
        }
        waiter?.continuation.resume(returning: .slot)
    }

    func expire(_ id: UInt64, _ error: any Error) {
        state.withLock { $0.removeWaiter(id) }?.fail(error)
    }

    /// The one timer of the pool: sleeps until the first waiter's deadline, fails every waiter whose
    /// deadline has passed, and stops when nobody waits.
    func sweep() async {
        while true {
            let now = ContinuousClock.now
            let (expired, next) = state.withLock { state -> ([Waiter], ContinuousClock.Instant?) in
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
