import Contracts
import Foundation
import Postgres

/// The one way rows leave `audit.events`: `audit.prune()` (migration 0011), which removes only events
/// older than 180 days, a batch per call. Each call is its own short transaction, so pruning a large
/// trail never blocks the server's inserts for long.
public struct AuditPruner: Sendable {
    /// Six months, the legal minimum (Cybersecurity Law art. 21), rounded up.
    public static let minimumDays = 180

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public enum Failure: Error, CustomStringConvertible {
        case tooRecent(days: Int)

        public var description: String {
            switch self {
            case .tooRecent(let days):
                "audit events are kept at least \(AuditPruner.minimumDays) days; refused to prune those younger than \(days) days"
            }
        }
    }

    /// Removes every event older than `days` days; answers how many. The pruning itself is an event.
    public func prune(olderThanDays days: Int, batchSize: Int, origin: RequestOrigin) async throws -> Int {
        guard days >= Self.minimumDays else { throw Failure.tooRecent(days: days) }
        var total = 0
        while true {
            let removed = try await database.query("SELECT audit.prune($1, $2) AS n", [days, batchSize])[0].decode(Int.self, "n")
            total += removed
            if removed < batchSize { break }
        }
        try await database.transaction { connection in
            try await connection.record(
                AuditEvent(action: "audit.prune", entityType: "audit", entityID: "events", details: ["older_than_days": String(days), "removed": String(total)]),
                origin: origin
            )
        }
        return total
    }
}
