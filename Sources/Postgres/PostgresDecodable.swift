import Foundation
import LibCrypto

/// A Swift type that a column value (in text format) can be decoded into.
public protocol PostgresDecodable: Sendable {
    /// Whether a column of this type may be decoded into `Self`; a mismatch is reported with the column name.
    static func accepts(_ type: PostgresType) -> Bool
    /// Decodes a non-NULL value.
    init?(postgresText text: String)
    /// The value for SQL NULL; nil when NULL is not acceptable for the type.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension String: PostgresDecodable {
    /// Any type but bytea reads naturally as text (enums, citext, inet…); bytea's text form is hex and
    /// decoding it as a String is almost certainly a mistake.
    public static func accepts(_ type: PostgresType) -> Bool { type != .bytea }
    public init?(postgresText text: String) { self = text }
}

extension Int: PostgresDecodable {
    public static func accepts(_ type: PostgresType) -> Bool { type.isInteger }
    public init?(postgresText text: String) {
        guard let value = Int(text) else { return nil }
        self = value
    }
}

extension Int64: PostgresDecodable {
    public static func accepts(_ type: PostgresType) -> Bool { type.isInteger }
    public init?(postgresText text: String) {
        guard let value = Int64(text) else { return nil }
        self = value
    }
}

extension Double: PostgresDecodable {
    public static func accepts(_ type: PostgresType) -> Bool {
        type == .float4 || type == .float8 || type == .numeric || type.isInteger
    }
    public init?(postgresText text: String) {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text) else { return nil }
            self = value
        }
    }
}

extension Bool: PostgresDecodable {
    public static func accepts(_ type: PostgresType) -> Bool { type == .bool }
    public init?(postgresText text: String) {
        switch text {
        case "t": self = true
        case "f": self = false
        default: return nil
        }
    }
}

extension UUID: PostgresDecodable {
    public static func accepts(_ type: PostgresType) -> Bool { type == .uuid }
    public init?(postgresText text: String) {
        guard let value = UUID(uuidString: text) else { return nil }
        self = value
    }
}

extension Date: PostgresDecodable {
    /// timestamptz, and date read as midnight UTC; a timestamp without time zone is read as UTC.
    public static func accepts(_ type: PostgresType) -> Bool {
        type == .timestamptz || type == .date || type == .timestamp
    }
    public init?(postgresText text: String) {
        guard let value = PostgresTimestamp.parse(text) else { return nil }
        self = value
    }
}

extension Data: PostgresDecodable {
    public static func accepts(_ type: PostgresType) -> Bool { type == .bytea }
    public init?(postgresText text: String) {
        guard text.hasPrefix("\\x"), let bytes = Hex.decode(text.dropFirst(2)) else { return nil }
        self = Data(bytes)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func accepts(_ type: PostgresType) -> Bool { Wrapped.accepts(type) }
    public init?(postgresText text: String) {
        guard let value = Wrapped(postgresText: text) else { return nil }
        self = .some(value)
    }
    public static var postgresNull: Wrapped?? { .some(nil) }
}
