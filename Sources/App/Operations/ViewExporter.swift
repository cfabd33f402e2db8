import Postgres
import Synchronization
import Tabular

/// Streams a view of the `export` schema (the analysts' read-only interface) through libpq's COPY, so
/// memory stays flat whatever the row count. Views are named from the catalog, never from input as is:
/// an unknown name is refused with the list of those that exist.
public struct ViewExporter: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl
    }

    public enum Failure: Error, Equatable {
        case unknownView(available: [String])
        /// `--year` on a view without a `year` (or `cycle`) column.
        case noYearColumn(view: String)
    }

    /// The views of the `export` schema, by name.
    public func views() async throws -> [String] {
        try await ExportViewStore.views(in: database)
    }

    /// The column `--year` filters `view` on (`year`, else `cycle`); nil when it has neither.
    public func yearColumn(of view: String) async throws -> String? {
        let columns = try await ExportViewStore.columns(of: view, in: database)
        return ["year", "cycle"].first(where: columns.contains)
    }

    /// Writes `view` (a header row first for CSV; one JSON object per line for JSONL) to `write`, which
    /// runs on the thread that drives libpq. CSV passes through `CSVFormulaGuard`, so a candidate's text
    /// never reaches a spreadsheet as a formula. Answers the bytes PostgreSQL sent.
    public func export(
        _ view: String, year: Int?, format: Format, write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> Int {
        let available = try await views()
        guard available.contains(view) else { throw Failure.unknownView(available: available) }
        var column: String?
        if year != nil {
            guard let found = try await yearColumn(of: view) else { throw Failure.noYearColumn(view: view) }
            column = found
        }
        let copy = ExportViewStore.copy(view, yearColumn: column, year: year, format: format)
        let sink: @Sendable (UnsafeRawBufferPointer) throws -> Void
        switch format {
        case .csv:
            // Chunks arrive one after another; the mutex only satisfies Sendable (never contended).
            let guarded = GuardState()
            sink = { chunk in
                let safe = guarded.state.withLock { $0.filter(chunk) }
                try safe.withUnsafeBytes { try write($0) }
            }
        case .jsonl:
            sink = write
        }
        return try await database.withConnection { connection in
            try await connection.copyOut(copy, write: sink)
        }
    }
}

private final class GuardState: Sendable {
    let state = Mutex(CSVFormulaGuard())
}
