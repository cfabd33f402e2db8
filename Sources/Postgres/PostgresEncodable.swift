import Foundation
import LibCrypto

/// A Swift value that can be sent as a statement parameter. Parameters always travel in text format and
/// never become part of the SQL text; `nil` is SQL NULL.
public protocol PostgresEncodable: Sendable {
    var postgresText: String? { get }
}

extension String: PostgresEncodable {
    public var postgresText: String? { self }
}

extension Int: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Double: PostgresEncodable {
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return "\(self)"  // Swift prints the shortest text that round-trips.
    }
}

extension Bool: PostgresEncodable {
    public var postgresText: String? { self ? "true" : "false" }
}

extension UUID: PostgresEncodable {
    public var postgresText: String? { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    public var postgresText: String? { PostgresTimestamp.format(self) }
}

extension Data: PostgresEncodable {
    /// bytea in hex input format.
    public var postgresText: String? { "\\x" + Hex.encode(self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresText: String? { self?.postgresText }
}

/// A PostgreSQL array (`uuid[]`, `text[]`…) in its text form: every element quoted and escaped, NULL for
/// nil, so no caller builds `{…}` by hand.
extension Array: PostgresEncodable where Element: PostgresEncodable {
    public var postgresText: String? {
        let elements = map { element -> String in
            guard let text = element.postgresText else { return "NULL" }
            var quoted = "\""
            for character in text.unicodeScalars {
                if character == "\"" || character == "\\" { quoted.unicodeScalars.append("\\") }
                quoted.unicodeScalars.append(character)
            }
            return quoted + "\""
        }
        return "{" + elements.joined(separator: ",") + "}"
    }
}
