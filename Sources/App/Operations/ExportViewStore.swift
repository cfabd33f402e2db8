import Postgres

/// The catalog queries and the COPY text of the `export` schema's views (ADR 0012).
enum ExportViewStore {
    /// The views of the `export` schema, by name.
    static func views(in database: Database) async throws -> [String] {
        try await database.query(
            "SELECT table_name::text AS name FROM information_schema.views WHERE table_schema = 'export' ORDER BY table_name"
        ).map { try $0.decode(String.self, "name") }
    }

    /// The column names of `view`.
    static func columns(of view: String, in database: Database) async throws -> [String] {
        try await database.query(
            "SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = 'export' AND table_name = $1", [view]
        ).map { try $0.decode(String.self, "name") }
    }

    /// The COPY of `view` (a name from the catalog), filtered on `yearColumn = year` when given (a column
    /// from the catalog, an integer): nothing from a request or the command line reaches the text
    /// unchecked.
    static func copy(_ view: String, yearColumn: String?, year: Int?, format: ViewExporter.Format) -> SQL {
        let filter = if let yearColumn, let year { " WHERE v.\(quoted(yearColumn)) = \(year)" } else { "" }
        let source = "SELECT * FROM export.\(quoted(view)) v\(filter)"
        return switch format {
        case .csv: SQL.trusted("COPY (\(source)) TO STDOUT WITH (FORMAT csv, HEADER)")
        // One JSON text per row. CSV with quote and delimiter characters that JSON never leaves raw
        // (it escapes every control character) writes each line exactly as PostgreSQL produced it,
        // where the text format would double every backslash.
        case .jsonl: SQL.trusted("COPY (SELECT row_to_json(v)::text FROM (\(source)) v) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')")
        }
    }

    /// An identifier, quoted.
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
