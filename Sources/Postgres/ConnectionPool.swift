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

    private struct State {
        var idle: [LibPQConnection] = []
        var openCount = 0
        /// First come, first served; equal timeouts make the first also the first to expire.
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var isClosed = false
        var timeouts = 0
        var isSweeping = false
        var sweeps = 0

        mutating func removeWaiter(_ id: UInt64) -> Waiter? {
            guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return waiters.remove(at: index)
        }

        mutating func popWaiter() -> Waiter? {
            waiters.isEmpty ? nil : waiters.removeFirst()
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
            enum Step { case check(LibPQConnection), open, wait, closed }
            let step = state.withLock { state -> Step in
                if state.isClosed { return .closed }
                if let connection = state.idle.popLast() { return .check(connection) }
                if state.openCount < maximumConnections {
                    state.openCount += 1
                    return .open
                }
                return .wait
            }
            switch step {
            case .closed:
                throw PostgresError(.poolClosed, "the connection pool is closed")
            case .check(let connection):
                if connection.isHealthy() { return connection }
                logger.info("dropping a broken idle database connection")
                discard(connection)
            case .open:
                return try await openConnection()
            case .wait:
                switch try await waitForGrant() {
                case .connection(let connection): return connection
                case .slot: return try await openConnection()
                }
            }
        }
    }

    /// Returns a connection. A broken one is closed and its slot handed on.
    func release(_ connection: LibPQConnection) {
        if connection.isBroken {
            discard(connection)
            return
        }
        enum Step { case grant(Waiter), kept, close }
        let step = state.withLock { state -> Step in
            if state.isClosed { return .close }
            if let waiter = state.popWaiter() { return .grant(waiter) }
            state.idle.append(connection)
            return .kept
        }
        switch step {
        case .grant(let waiter): waiter.continuation.resume(returning: .connection(connection))
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
            waiter.continuation.resume(throwing: PostgresError(.poolClosed, "the connection pool is closed"))
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
        let waiter = state.withLock { state -> Waiter? in
            // The slot passes to the waiter, so openCount is unchanged.
            if !state.isClosed, let waiter = state.popWaiter() { return waiter }
            state.openCount -= 1
            return nil
        }
        waiter?.continuation.resume(returning: .slot)
    }

    private func waitForGrant() async throws -> Grant {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        let deadline = ContinuousClock.now + acquireTimeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enum Step { case grant(Grant), closed, waiting(startSweeper: Bool) }
                // What changed since `acquire` looked is decided under the same lock as the queueing, so
                // no release can slip between them unseen.
                let step = state.withLock { state -> Step in
                    if state.isClosed { return .closed }
                    if let connection = state.idle.popLast() { return .grant(.connection(connection)) }
                    if state.openCount < maximumConnections {
                        state.openCount += 1
                        return .grant(.slot)
                    }
                    state.waiters.append(Waiter(id: id, deadline: deadline, continuation: continuation))
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

    private func expire(_ id: UInt64, _ error: any Error) {
        state.withLock { $0.removeWaiter(id) }?.continuation.resume(throwing: error)
    }

    /// The one timer of the pool: sleeps until the first waiter's deadline, fails every waiter whose
    /// deadline has passed, and stops when nobody waits.
    private func sweep() async {
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
            expired.forEach { $0.continuation.resume(throwing: error) }
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
