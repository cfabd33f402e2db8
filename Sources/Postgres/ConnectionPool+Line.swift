import Synchronization

/// The pool's line of callers and the state behind its lock: who waits, for what, and who gets a
/// connection that comes free.
extension ConnectionPool {
    enum Grant {
        case connection(LibPQConnection)
        /// A slot was freed: the waiter may open a new connection.
        case slot
    }

    struct Waiter {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Grant, any Error>
    }

    /// What a caller waiting with one standalone statement gets: its statement's answer (sent for it
    /// together with others' on a connection as soon as one came free), or a free slot to open a
    /// connection with.
    enum StatementGrant {
        case answered(QueryResult)
        case slot
    }

    /// A caller waiting with one standalone statement (`Database.query`, `Database.execute`).
    struct StatementWaiter {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let statement: LibPQConnection.Statement
        let continuation: CheckedContinuation<StatementGrant, any Error>
    }

    /// One place in line: a caller that needs a connection for itself, or one with a standalone statement.
    enum Queued {
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

    enum Take {
        case idle(LibPQConnection), slot, none, closed
    }

    /// What a released connection does next.
    enum Handover {
        case grant(Waiter)
        case send([StatementWaiter])
        case kept
        case close
    }

    struct State {
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
}
