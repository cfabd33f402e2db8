/// Standalone statements: run at once on a free connection, or queued in the line and sent together
/// with the ones behind them on the next connection that comes free
/// (docs/adr/0016-standalone-statements-share-round-trips.md).
extension ConnectionPool {
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

    /// At most this many queued standalone statements share a round trip, so one connection's batch
    /// does not make the last of them wait for all the others' execution when other connections free up.
    static let statementsPerRoundTrip = 8

    /// Sends queued standalone statements on a connection nobody holds, answers each caller when the
    /// answers arrive (on the reactor's thread), and passes the connection on.
    func send(_ batch: [StatementWaiter], on connection: LibPQConnection) {
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

    /// Waits in line with a standalone statement (see `run`).
    func waitInLine(with statement: LibPQConnection.Statement) async throws -> StatementGrant {
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
}
