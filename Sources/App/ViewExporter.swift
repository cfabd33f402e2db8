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
        try await database.query(
            "SELECT table_name::text AS name FROM information_schema.views WHERE table_schema = 'export' ORDER BY table_name"
        ).map { try $0.decode(String.self, "name") }
    }

    /// Whether `view` has a column `--year` can filter on (`year` or `cycle`).
    public func hasYearColumn(_ view: String) async throws -> Bool {
        let columns = try await database.query(
            "SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = 'export' AND table_name = $1", [view]
        ).map { try $0.decode(String.self, "name") }
        return columns.contains("year") || columns.contains("cycle")
    }

    /// Writes `view` (a header row first for CSV; one JSON object per line for JSONL) to `write`, which
    /// runs on the thread that drives libpq. CSV passes through `CSVFormulaGuard`, so a candidate's text
    /// never reaches a spreadsheet as a formula. Answers the bytes PostgreSQL sent.
    public func export(
        _ view: String, year: Int?, format: Format, write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> Int {
        let available = try await views()
        guard available.contains(view) else { throw Failure.unknownView(available: available) }
        var filter = ""
        if let year {
            let columns = try await database.query(
                "SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = 'export' AND table_name = $1",
                [view]
            ).map { try $0.decode(String.self, "name") }
            guard let column = ["year", "cycle"].first(where: columns.contains) else { throw Failure.noYearColumn(view: view) }
            filter = " WHERE v.\(column) = \(year)"
        }
        // The view's name is one of the catalog's (checked above) and quoted as an identifier; the year is
        // an integer: nothing from the command line reaches the text unchecked.
        let source = "SELECT * FROM export.\"\(view.replacingOccurrences(of: "\"", with: "\"\""))\" v\(filter)"
        let copy = switch format {
        case .csv: "COPY (\(source)) TO STDOUT WITH (FORMAT csv, HEADER)"
        // One JSON text per row. CSV with quote and delimiter characters that JSON never leaves raw
        // (it escapes every control character) writes each line exactly as PostgreSQL produced it,
        // where the text format would double every backslash.
        case .jsonl: "COPY (SELECT row_to_json(v)::text FROM (\(source)) v) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"
        }
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
            try await connection.copyOut(SQL.trusted(copy), write: sink)
        }
    }
}


private final class GuardState: Sendable {
    let state = Mutex(CSVFormulaGuard())
}
