import Foundation

/// A module's rows that only matter for a while (ended sessions, used codes, the rows of a limit whose
/// window has passed). `health-talent prune` asks every module to remove them; each module knows its
/// own windows, so nothing a limit still counts is removed.
public protocol Housekeeping: Sendable {
    /// Removes what no longer matters at `now`, `batchSize` rows per statement; answers rows per table.
    func prune(at now: Date, batchSize: Int) async throws -> [PrunedRows]
}

public struct PrunedRows: Sendable, Equatable {
    public let table: String
    public let count: Int

    public init(table: String, count: Int) {
        self.table = table
        self.count = count
    }
}
