/// The columns of a result, shared by all its rows.
public final class Columns: Sendable {
    public let names: [String]
    public let types: [PostgresType]
    private let indexByName: [String: Int]

    init(names: [String], types: [PostgresType]) {
        self.names = names
        self.types = types
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexByName[name] == nil {
            indexByName[name] = index
        }
        self.indexByName = indexByName
    }

    public func index(of name: String) -> Int? { indexByName[name] }
}

/// One row of a result, with values in PostgreSQL's text format (nil for NULL).
public struct Row: Sendable {
    public let columns: Columns
    let values: [String?]

    /// Decodes the column named `column`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws(PostgresError) -> T {
        guard let index = columns.index(of: column) else {
            throw PostgresError(.decoding, "the result has no column \"\(column)\" (columns: \(columns.names.joined(separator: ", ")))")
        }
        return try decode(type, at: index)
    }

    /// Decodes the column at `index` (0-based).
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws(PostgresError) -> T {
        guard values.indices.contains(index) else {
            throw PostgresError(.decoding, "the result has no column at index \(index) (it has \(values.count))")
        }
        let name = columns.names[index]
        let columnType = columns.types[index]
        guard T.accepts(columnType) else {
            throw PostgresError(.decoding, "column \"\(name)\" of type \(columnType) cannot be decoded as \(T.self)", column: name)
        }
        guard let text = values[index] else {
            guard let null = T.postgresNull else {
                throw PostgresError(.decoding, "column \"\(name)\" is NULL; decode it as \(T.self)? instead", column: name)
            }
            return null
        }
        guard let value = T(postgresText: text) else {
            throw PostgresError(.decoding, "column \"\(name)\" of type \(columnType) holds a value that does not fit \(T.self)", column: name)
        }
        return value
    }

    /// Whether the column named `column` is NULL.
    public func isNull(_ column: String) -> Bool {
        guard let index = columns.index(of: column) else { return true }
        return values[index] == nil
    }
}

/// The outcome of one statement.
public struct QueryResult: Sendable {
    public let rows: [Row]
    /// Rows inserted, updated, deleted… as reported by the server's command tag.
    public let affectedRows: Int
}

extension Row {
    /// A stored code (a status, a type) as its Swift enumeration. An unknown code throws: a row the code
    /// does not understand must never read as a plausible default.
    public func decode<T: RawRepresentable>(code type: T.Type, _ column: String) throws(PostgresError) -> T where T.RawValue == String {
        let text = try decode(String.self, column)
        guard let value = T(rawValue: text) else {
            throw PostgresError(.decoding, "column \"\(column)\" holds the unknown code \"\(text)\" for \(T.self)", column: column)
        }
        return value
    }

    /// As `decode(code:_:)`, for a nullable column.
    public func decode<T: RawRepresentable>(code type: T?.Type, _ column: String) throws(PostgresError) -> T? where T.RawValue == String {
        guard let text = try decode(String?.self, column) else { return nil }
        guard let value = T(rawValue: text) else {
            throw PostgresError(.decoding, "column \"\(column)\" holds the unknown code \"\(text)\" for \(T.self)", column: column)
        }
        return value
    }
}
