import Foundation

/// A json/jsonb value, encoded and decoded with Foundation's JSON coders.
public struct PostgresJSON<Value: Codable & Sendable>: Sendable, PostgresEncodable, PostgresDecodable {
    public var value: Value

    public init(_ value: Value) { self.value = value }

    public var postgresText: String? {
        // Encoding a Codable value fails only for non-conforming floats (NaN): a programming error here.
        guard let data = try? JSONEncoder().encode(value) else {
            preconditionFailure("value of \(Value.self) cannot be encoded as JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }

    public static func accepts(_ type: PostgresType) -> Bool { type == .json || type == .jsonb }

    public init?(postgresText text: String) {
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(text.utf8)) else { return nil }
        self.value = value
    }
}

extension PostgresJSON: Equatable where Value: Equatable {}
