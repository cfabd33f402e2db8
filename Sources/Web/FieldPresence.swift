/// A field of a partial update: left out (keep what is stored), `null` (clear it) or a value.
public enum FieldUpdate<Value: Sendable>: Sendable {
    case unchanged
    case cleared
    case set(Value)

    /// What to store, given what is stored now.
    public func applied(to current: Value?) -> Value? {
        switch self {
        case .unchanged: current
        case .cleared: nil
        case .set(let value): value
        }
    }
}

extension FieldUpdate: Equatable where Value: Equatable {}

extension KeyedDecodingContainer {
    /// Tells a missing field from an explicit `null`, which `decodeIfPresent` cannot.
    public func decodeUpdate<T: Decodable & Sendable>(_ type: T.Type, forKey key: Key) throws -> FieldUpdate<T> {
        guard contains(key) else { return .unchanged }
        if try decodeNil(forKey: key) { return .cleared }
        return .set(try decode(T.self, forKey: key))
    }

    /// An optional field that may be left out but is never `null`: a client sending `null` gets a type
    /// error instead of having it read as "not sent".
    public func decodeIfPresentNotNull<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            throw DecodingError.typeMismatch(
                T.self, DecodingError.Context(codingPath: codingPath + [key], debugDescription: "null is not allowed here")
            )
        }
        return try decode(T.self, forKey: key)
    }
}
