import Foundation

/// The members a `Decodable` type reads, learnt by decoding an already accepted body a second time
/// through a decoder that notes every key asked for: `JSONBodyCheck` then refuses any other member at
/// any depth. The type's own `CodingKeys` are the list, so no hand-written list of members can drift
/// from what the decoder really reads (a nested member the type does not know used to be dropped
/// silently: `education.surpriseMember` answered 200).
enum JSONMemberRecorder {
    /// The members read in each object, by its path with array indices as `[]` (the top level is
    /// `""`); nil when the type could not be walked (then only what the decoder itself checks holds).
    static func members<T: Decodable>(of type: T.Type, in bytes: some Collection<UInt8>) -> [String: Set<String>]? {
        guard let tree = try? JSONDecoder().decode(Tree.self, from: Data(bytes)) else { return nil }
        let log = Log()
        guard (try? T(from: Recorder(tree: tree, shape: "", log: log))) != nil else { return nil }
        for shape in log.open { log.members.removeValue(forKey: shape) }
        return log.members
    }

    /// Any JSON value. Numbers are kept as text so that every numeric type reads them as the real
    /// decoder did.
    enum Tree: Decodable {
        case null, bool(Bool), number(String), string(String), array([Tree]), object([String: Tree])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Decimal.self) { self = .number(value.description) }
            // Beyond Decimal's range (2e297): a number all the same. Without this the whole body failed
            // to walk and its unknown members went unchecked.
            else if let value = try? container.decode(Double.self) { self = .number(String(value)) }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode([Tree].self) { self = .array(value) }
            else if let value = try? container.decode([String: Tree].self) { self = .object(value) }
            // A number no Swift type holds (1e400): the real decoder refused it if the type reads it,
            // so here it only stands in for a member whose name is checked.
            else { self = .number("0") }
        }
    }

    final class Log {
        var members: [String: Set<String>] = [:]
        /// Objects read as dictionaries (every key is data, none is unknown).
        var open: Set<String> = []
    }

    struct Failure: Error {}

    struct Recorder: Decoder {
        let tree: Tree
        let shape: String
        let log: Log
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let members) = tree else { throw Failure() }
            log.members[shape, default: []].formUnion([])
            return KeyedDecodingContainer(Keyed<Key>(members: members, shape: shape, log: log))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let elements) = tree else { throw Failure() }
            return Unkeyed(elements: elements, shape: shape + "[]", log: log)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(tree: tree, shape: shape, log: log) }
    }

    /// A leaf as the type asks for it; a type the JSON decoder treats specially (dates) is answered
    /// with a placeholder, since only the walk matters here.
    static func leaf<T: Decodable>(_ type: T.Type, _ tree: Tree, shape: String, log: Log) throws -> T {
        // `as? T` with a refusal rather than `as!`: the cases make the casts succeed, but a trap here would
        // take every request down with it, and a refusal only skips the walk.
        func cast(_ value: Any) throws -> T {
            guard let value = value as? T else { throw Failure() }
            return value
        }
        switch (tree, type) {
        case (_, is Date.Type): return try cast(Date())
        case (.bool(let value), is Bool.Type): return try cast(value)
        case (.string(let value), is String.Type): return try cast(value)
        case (.number(let text), is any Numeric.Type):
            // The value was read already; any number of the asked type will do.
            guard let convertible = type as? any LosslessStringConvertible.Type,
                  let value = (convertible.init(text) ?? convertible.init("0")) as? T
            else { throw Failure() }
            return value
        case (_, is Bool.Type), (_, is String.Type), (_, is any Numeric.Type):
            throw Failure()  // not what the decoder accepted; and asking the type again would recurse
        default: return try T(from: Recorder(tree: tree, shape: shape, log: log))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: Tree]
        let shape: String
        let log: Log
        var codingPath: [any CodingKey] { [] }

        var allKeys: [Key] {
            log.open.insert(shape)
            return members.keys.compactMap { Key(stringValue: $0) }
        }

        func path(_ key: Key) -> String {
            log.members[shape, default: []].insert(key.stringValue)
            return shape.isEmpty ? key.stringValue : "\(shape).\(key.stringValue)"
        }

        func contains(_ key: Key) -> Bool { _ = path(key); return members[key.stringValue] != nil }

        func decodeNil(forKey key: Key) throws -> Bool {
            _ = path(key)
            if case .null = members[key.stringValue] ?? .null { return true }
            return false
        }

        func value<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
            let child = path(key)
            guard let tree = members[key.stringValue] else { throw Failure() }
            return try JSONMemberRecorder.leaf(type, tree, shape: child, log: log)
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(type, key) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(type, key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(type, key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(type, key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(type, key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(type, key) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try Recorder(tree: members[key.stringValue] ?? .null, shape: path(key), log: log).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try Recorder(tree: members[key.stringValue] ?? .null, shape: path(key), log: log).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { Recorder(tree: .object(members), shape: shape, log: log) }

        func superDecoder(forKey key: Key) throws -> any Decoder { Recorder(tree: members[key.stringValue] ?? .null, shape: path(key), log: log) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let elements: [Tree]
        let shape: String
        let log: Log
        var codingPath: [any CodingKey] { [] }
        var currentIndex = 0
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        mutating func next() throws -> Tree {
            guard !isAtEnd else { throw Failure() }
            defer { currentIndex += 1 }
            return elements[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, case .null = elements[currentIndex] else { return false }
            currentIndex += 1
            return true
        }

        mutating func value<T: Decodable>(_ type: T.Type) throws -> T { try JSONMemberRecorder.leaf(type, try next(), shape: shape, log: log) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(type) }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try value(type) }
        mutating func decode(_ type: String.Type) throws -> String { try value(type) }
        mutating func decode(_ type: Double.Type) throws -> Double { try value(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try value(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try value(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try value(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try value(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try value(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try value(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try value(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try value(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try value(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try value(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try value(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try Recorder(tree: try next(), shape: shape, log: log).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try Recorder(tree: try next(), shape: shape, log: log).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { Recorder(tree: try next(), shape: shape, log: log) }
    }

    struct Single: SingleValueDecodingContainer {
        let tree: Tree
        let shape: String
        let log: Log
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool {
            if case .null = tree { return true }
            return false
        }

        func value<T: Decodable>(_ type: T.Type) throws -> T { try JSONMemberRecorder.leaf(type, tree, shape: shape, log: log) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(type) }
        func decode(_ type: Bool.Type) throws -> Bool { try value(type) }
        func decode(_ type: String.Type) throws -> String { try value(type) }
        func decode(_ type: Double.Type) throws -> Double { try value(type) }
        func decode(_ type: Float.Type) throws -> Float { try value(type) }
        func decode(_ type: Int.Type) throws -> Int { try value(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try value(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try value(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try value(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try value(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try value(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try value(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try value(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try value(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try value(type) }
    }
}
