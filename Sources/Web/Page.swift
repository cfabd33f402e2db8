import Contracts
import Foundation
import Hummingbird
import LibCrypto

/// One page of a keyset-paginated list: `{items, nextCursor}`, with `nextCursor` null on the last page
/// (never left out).
public struct Page<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    public let items: [Item]
    public let nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A keyset position: the last row of a page, from which the next page starts. Three shapes:
/// `(time, id)` for a list ordered by a timestamp and then its id; `(name, id)` for a list ordered by a
/// name (`init(name:id:)`, `time` then unused); and any other ordering's columns as `keys`
/// (`init(keys:)`: the audit trail's `(time, sequence)`, the institution search's rank and name).
/// Opaque to clients (base64url of `<microseconds>_<uuid>`, of `name:<name>` and the uuid on two lines,
/// or of `keys:` and a JSON array of tagged values); one the server cannot have issued is refused. The
/// one cursor codec of every list.
public struct KeysetCursor: Sendable, Equatable {
    public let time: Date
    public let id: UUID
    /// The name of a position in a list ordered by name; nil otherwise.
    public let name: String?
    /// The columns of a position in a list with its own ordering; empty for the two shapes above.
    public let keys: [Key]

    /// One column of a position.
    public enum Key: Sendable, Equatable {
        case time(Date)
        case number(Int64)
        case text(String)
        case id(UUID)
    }

    /// 1970 to 9999: any row's time; a crafted value outside would overflow conversions.
    static let microsecondRange: ClosedRange<Int64> = 0...253_402_300_799_999_999
    static let namePrefix = "name:"
    static let keysPrefix = "keys:"
    /// A text column (a name) longer than this, or holding NUL, is no position the server issued.
    static let maximumTextScalars = 1000

    public init(time: Date, id: UUID) {
        self.time = time
        self.id = id
        name = nil
        keys = []
    }

    public init(name: String, id: UUID) {
        time = Date(timeIntervalSince1970: 0)
        self.id = id
        self.name = name
        keys = []
    }

    public init(keys: [Key]) {
        time = Date(timeIntervalSince1970: 0)
        id = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        name = nil
        self.keys = keys
    }

    /// Whether this is a `(time, id)` position, the only one a list ordered by time accepts.
    public var isTimePosition: Bool { name == nil && keys.isEmpty }

    public var encoded: String {
        if !keys.isEmpty {
            let tagged = keys.map { key -> String in
                switch key {
                case .time(let date): "t" + String(Self.microseconds(date))
                case .number(let value): "n" + String(value)
                case .text(let text): "s" + text
                case .id(let id): "u" + id.uuidString.lowercased()
                }
            }
            let json = (try? JSONEncoder().encode(tagged)) ?? Data("[]".utf8)
            return Base64URL.encode(Array(Self.keysPrefix.utf8) + Array(json))
        }
        if let name { return Base64URL.encode(Array("\(Self.namePrefix)\(name)\n\(id.uuidString.lowercased())".utf8)) }
        return Base64URL.encode(Array("\(Self.microseconds(time))_\(id.uuidString.lowercased())".utf8))
    }

    /// Int64(exactly:) instead of Int64(_:), which traps on a value outside Int64.
    static func microseconds(_ date: Date) -> Int64 {
        Int64(exactly: (date.timeIntervalSince1970 * 1_000_000).rounded()) ?? 0
    }

    static func date(microseconds text: Substring) -> Date? {
        guard let micros = Int64(text), microsecondRange.contains(micros) else { return nil }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    public init?(encoded: String) {
        guard encoded.utf8.count <= 8192, let bytes = Base64URL.decode(encoded), let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        if text.hasPrefix(Self.keysPrefix) {
            guard let tagged = try? JSONDecoder().decode([String].self, from: Data(text.dropFirst(Self.keysPrefix.count).utf8)),
                  (1...8).contains(tagged.count)
            else { return nil }
            var keys: [Key] = []
            for value in tagged {
                let body = value.dropFirst()
                switch value.first {
                case "t": guard let date = Self.date(microseconds: body) else { return nil }; keys.append(.time(date))
                case "n": guard let number = Int64(body) else { return nil }; keys.append(.number(number))
                case "s":
                    guard body.unicodeScalars.count <= Self.maximumTextScalars, !body.unicodeScalars.contains("\0") else { return nil }
                    keys.append(.text(String(body)))
                case "u": guard body.count == 36, let id = UUID(uuidString: String(body)) else { return nil }; keys.append(.id(id))
                default: return nil
                }
            }
            self.init(keys: keys)
            return
        }
        if text.hasPrefix(Self.namePrefix) {
            guard encoded.utf8.count <= 512 else { return nil }
            // The id is the last line: a name may hold anything.
            let rest = text.dropFirst(Self.namePrefix.count)
            guard let newline = rest.lastIndex(of: "\n") else { return nil }
            let idText = rest[rest.index(after: newline)...]
            guard idText.count == 36, let id = UUID(uuidString: String(idText)) else { return nil }
            self.init(name: String(rest[..<newline]), id: id)
            return
        }
        guard encoded.utf8.count <= 128 else { return nil }
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, let time = Self.date(microseconds: parts[0]),
              parts[1].count == 36, let id = UUID(uuidString: String(parts[1]))
        else { return nil }
        self.init(time: time, id: id)
    }
}

/// `?limit=&cursor=` of a list request, validated: a limit that is present must be a whole number in
/// range (`abc`, `1e3` or a huge number is an error, not silently the default).
public struct PageRequest: Sendable {
    public let limit: Int
    public let cursor: KeysetCursor?

    public static let defaultLimit = 20
    public static let maximumLimit = 100

    public init(limit: Int = PageRequest.defaultLimit, cursor: KeysetCursor? = nil) {
        self.limit = limit
        self.cursor = cursor
    }

    public static let invalidCursor = Problem.validation([FieldProblem(field: "cursor", code: "invalid_cursor", message: "分页参数无效")])

    /// `cursorless`: the list has its own cursor type; only `limit` is read here.
    public init(query: Request, cursorless: Bool = false) throws(Problem) {
        let parameters = query.uri.queryParameters
        var limit = Self.defaultLimit
        if let text = parameters["limit"] {
            guard let value = Int(String(text)), (1...Self.maximumLimit).contains(value) else {
                throw Problem.validation([FieldProblem(field: "limit", code: "out_of_range", message: "每页数量应为1到\(Self.maximumLimit)之间的整数")])
            }
            limit = value
        }
        var cursor: KeysetCursor?
        if !cursorless, let text = parameters["cursor"] {
            // A name or keys position belongs to a list with its own ordering, which reads its own cursor.
            guard let decoded = KeysetCursor(encoded: String(text)), decoded.isTimePosition else { throw Self.invalidCursor }
            cursor = decoded
        }
        self.init(limit: limit, cursor: cursor)
    }

    /// The page from up to `limit + 1` rows fetched after the cursor: the extra row only says there is more.
    public func page<Row, Item>(
        _ rows: [Row], item: (Row) -> Item, position: (Row) -> KeysetCursor?
    ) -> Page<Item> {
        let shown = Array(rows.prefix(limit))
        let next = rows.count > limit ? shown.last.flatMap(position)?.encoded : nil
        return Page(items: shown.map(item), nextCursor: next)
    }
}
