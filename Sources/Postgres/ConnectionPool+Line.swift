import Synchronization

/// The pool's line of callers and the state behind its lock: who waits, for what, and who gets a
/// connection that comes free. One waiting protocol for both kinds of caller (`wait`).
///
/// The rule that makes every wait end exactly once: whoever removes a waiter from the line resumes it,
/// and nobody else does. A waiter leaves the line only under the lock, in one of five places: a
/// released connection's `handover`, a freed slot (`freeSlot`), the sweeper (its deadline passed),
/// `expire` (its task was cancelled) and `close`; each resumes what it removed, after the lock.
extension ConnectionPool {
    /// What a caller is given, at once or after waiting in line.
    enum Grant {
        /// Handed over by the caller who released it.
        case connection(LibPQConnection)
        /// Found idle: not yet checked for a connection the server ended while it sat in the pool.
        case idle(LibPQConnection)
        /// A slot was freed: the caller may open a new connection.
        case slot
        /// The caller's standalone statement was sent for it, together with others', on a connection
        /// that came free (docs/adr/0016-standalone-statements-share-round-trips.md).
        case answered(QueryResult)
    }

    /// One place in line: a caller that needs a connection for itself (`statement` nil), or one with a
    /// standalone statement (`Database.query`, `Database.execute`) that may be sent for it.
    struct Waiter {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let statement: LibPQConnection.Statement?
        let continuation: CheckedContinuation<Grant, any Error>

        func fail(_ error: any Error) {
            continuation.resume(throwing: error)
        }
    }

    /// A waiter whose statement is sent with others' on a connection that came free.
    typealias Batched = (waiter: Waiter, statement: LibPQConnection.Statement)

    enum Take {
        case idle(LibPQConnection), slot, none, closed
    }

    /// What a released connection does next.
    enum Handover {
        case grant(Waiter)
        case send([Batched])
        case kept
        case close
    }

    /// Waits in line, for a connection or with a standalone statement (see `run`), for at most the
    /// acquire timeout.
    func wait(with statement: LibPQConnection.Statement?) async throws -> Grant {
        let id = state.withLock { $0.newWaiterID() }
        let deadline = ContinuousClock.now + acquireTimeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enum Step { case now(Take), waiting(startSweeper: Bool) }
                // What changed since the caller looked is decided under the same lock as the queueing, so
                // no release can slip between them unseen.
                let step = state.withLock { state -> Step in
                    let take = state.take(maximum: maximumConnections)
                    guard case .none = take else { return .now(take) }
                    state.waiters.append(Waiter(id: id, deadline: deadline, statement: statement, continuation: continuation))
                    let startSweeper = !state.isSweeping
                    state.isSweeping = true
                    return .waiting(startSweeper: startSweeper)
                }
                switch step {
                case .now(.idle(let connection)): continuation.resume(returning: .idle(connection))
                case .now(.slot): continuation.resume(returning: .slot)
                case .now(.closed), .now(.none): continuation.resume(throwing: PostgresError(.poolClosed, "the connection pool is closed"))
                case .waiting(let startSweeper):
                    if startSweeper { Task { await self.sweep() } }
                    // Cancelled before the waiter was queued: the handler below found nothing to remove.
                    if Task.isCancelled { expire(id, CancellationError()) }
                }
            }
        } onCancel: {
            // Only a waiter still in line is withdrawn; a statement already sent runs and is answered.
            expire(id, CancellationError())
        }
    }

    struct State {
        var idle: [LibPQConnection] = []
        var openCount = 0
        /// First come, first served; equal timeouts make the first also the first to expire. Whoever
        /// removes a waiter resumes it (see above).
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

        mutating func popWaiter() -> Waiter? {
            waiters.isEmpty ? nil : waiters.removeFirst()
        }

        /// Who gets a connection that came free: the first in line, or, when the first in line waits
        /// with a standalone statement, it and the standalone statements right behind it, together.
        mutating func handover(limit: Int) -> Handover? {
            guard let first = waiters.first else { return nil }
            guard first.statement != nil else {
                waiters.removeFirst()
                return .grant(first)
            }
            var batch: [Batched] = []
            while batch.count < limit, let waiter = waiters.first, let statement = waiter.statement {
                waiters.removeFirst()
                batch.append((waiter, statement))
            }
            return .send(batch)
        }
    }
}
