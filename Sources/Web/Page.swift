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

/// A keyset position `(time, id)`: the last row of a page ordered by a timestamp and then its id; or
/// `(name, id)` for a list ordered by a name (`init(name:id:)`, `time` then unused). Opaque to clients
/// (base64url of `<microseconds>_<uuid>`, or `name:<name>` and the uuid on two lines); one the server
/// cannot have issued is refused. The one cursor codec of every list.
public struct KeysetCursor: Sendable, Equatable {
    public let time: Date
    public let id: UUID
    /// The name of a position in a list ordered by name; nil in a list ordered by time.
    public let name: String?

    /// 1970 to 9999: any row's time; a crafted value outside would overflow conversions.
    static let microsecondRange: ClosedRange<Int64> = 0...253_402_300_799_999_999
    static let namePrefix = "name:"

    public init(time: Date, id: UUID) {
        self.time = time
        self.id = id
        name = nil
    }

    public init(name: String, id: UUID) {
        time = Date(timeIntervalSince1970: 0)
        self.id = id
        self.name = name
    }

    public var encoded: String {
        if let name { return Base64URL.encode(Array("\(Self.namePrefix)\(name)\n\(id.uuidString.lowercased())".utf8)) }
        // Int64(exactly:) instead of Int64(_:), which traps on a value outside Int64.
        let micros = Int64(exactly: (time.timeIntervalSince1970 * 1_000_000).rounded()) ?? 0
        return Base64URL.encode(Array("\(micros)_\(id.uuidString.lowercased())".utf8))
    }

    public init?(encoded: String) {
        guard encoded.utf8.count <= 512, let bytes = Base64URL.decode(encoded), let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        if text.hasPrefix(Self.namePrefix) {
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
        guard parts.count == 2, let micros = Int64(parts[0]), Self.microsecondRange.contains(micros),
              parts[1].count == 36, let id = UUID(uuidString: String(parts[1]))
        else { return nil }
        self.init(time: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
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
            // A name position belongs to a list ordered by name, which reads its own cursor.
            guard let decoded = KeysetCursor(encoded: String(text)), decoded.name == nil else { throw Self.invalidCursor }
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
