import Synchronization

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
