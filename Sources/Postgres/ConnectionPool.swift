import Blocking
import Logging

/// A bounded set of connections. Callers beyond the bound wait in line, each for at most the acquire
/// timeout. Connections open lazily; broken ones are closed and their slot is given to the next caller.
actor ConnectionPool {
    private enum Grant {
        case connection(LibPQConnection)
        /// A slot was freed: the waiter may open a new connection.
        case slot
    }

    private struct Waiter {
        let continuation: CheckedContinuation<Grant, any Error>
        let timeout: Task<Void, Never>
    }

    private let settings: ConnectionSettings
    private let maximumConnections: Int
    private let acquireTimeout: Duration
    private let executor: BlockingExecutor
    private let logger: Logger

    private var idle: [LibPQConnection] = []
    private var openCount = 0
    private var waiters: [UInt64: Waiter] = [:]
    private var waitOrder: [UInt64] = []
    private var nextWaiterID: UInt64 = 0
    private var isClosed = false
    private var timeouts = 0

    init(settings: ConnectionSettings, maximumConnections: Int, acquireTimeout: Duration, executor: BlockingExecutor, logger: Logger) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.settings = settings
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
        self.executor = executor
        self.logger = logger
    }

    func acquire() async throws -> LibPQConnection {
        guard !isClosed else { throw PostgresError(.poolClosed, "the connection pool is closed") }
        while let connection = idle.popLast() {
            if connection.isHealthy() { return connection }
            logger.info("dropping a broken idle database connection")
            discard(connection)
        }
        if openCount < maximumConnections {
            openCount += 1
            return try await openConnection()
        }
        switch try await waitForGrant() {
        case .connection(let connection): return connection
        case .slot: return try await openConnection()
        }
    }

    /// Returns a connection. A broken one is closed and its slot handed on.
    func release(_ connection: LibPQConnection) {
        if connection.isBroken || isClosed {
            discard(connection)
            return
        }
        if let waiter = popWaiter() {
            waiter.timeout.cancel()
            waiter.continuation.resume(returning: .connection(connection))
        } else {
            idle.append(connection)
        }
    }

    func close() async {
        isClosed = true
        let connections = idle
        idle.removeAll()
        while let waiter = popWaiter() {
            waiter.timeout.cancel()
            waiter.continuation.resume(throwing: PostgresError(.poolClosed, "the connection pool is closed"))
        }
        openCount -= connections.count
        for connection in connections {
            _ = try? await executor.runLibPQ { connection.close() }
        }
    }

    /// Connections currently open (idle or in use), for tests and diagnostics.
    var openConnections: Int { openCount }

    /// What the pool is doing now, for `/metrics`. `open` counts slots being opened as well.
    var statistics: PoolStatistics {
        PoolStatistics(
            size: maximumConnections, open: openCount, idle: idle.count, inUse: openCount - idle.count,
            waiting: waiters.count, acquireTimeouts: timeouts
        )
    }

    private func openConnection() async throws -> LibPQConnection {
        let settings = settings
        do {
            return try await executor.runLibPQ { try LibPQConnection.open(settings) }
        } catch {
            freeSlot()
            throw error
        }
    }

    private func discard(_ connection: LibPQConnection) {
        Task { [executor] in _ = try? await executor.runLibPQ { connection.close() } }
        freeSlot()
    }

    private func freeSlot() {
        if !isClosed, let waiter = popWaiter() {
            waiter.timeout.cancel()
            waiter.continuation.resume(returning: .slot)  // the slot passes to the waiter; openCount is unchanged
        } else {
            openCount -= 1
        }
    }

    private func waitForGrant() async throws -> Grant {
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let timeout = Task { [acquireTimeout] in
                    guard (try? await Task.sleep(for: acquireTimeout)) != nil else { return }
                    self.timeOut(id, PostgresError(.poolTimeout, "no database connection became free within \(acquireTimeout)"))
                }
                waiters[id] = Waiter(continuation: continuation, timeout: timeout)
                waitOrder.append(id)
            }
        } onCancel: {
            Task { await self.expire(id, CancellationError()) }
        }
    }

    private func timeOut(_ id: UInt64, _ error: any Error) {
        guard waiters[id] != nil else { return }
        timeouts += 1
        expire(id, error)
    }

    private func expire(_ id: UInt64, _ error: any Error) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waitOrder.removeAll { $0 == id }
        waiter.timeout.cancel()
        waiter.continuation.resume(throwing: error)
    }

    private func popWaiter() -> Waiter? {
        while !waitOrder.isEmpty {
            let id = waitOrder.removeFirst()
            if let waiter = waiters.removeValue(forKey: id) { return waiter }
        }
        return nil
    }
}

/// A snapshot of the pool: its bound, connections open, idle and lent out, callers waiting for one, and
/// how many waits ran out since start.
public struct PoolStatistics: Sendable, Equatable {
    public let size: Int
    public let open: Int
    public let idle: Int
    public let inUse: Int
    public let waiting: Int
    public let acquireTimeouts: Int
}
