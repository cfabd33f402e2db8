import Foundation
import Testing
import Web

/// The one cursor codec: every shape goes through it and back, and nothing the server could not have
/// issued comes out of it.
@Suite("Keyset cursor")
struct KeysetCursorTests {
    @Test func aPositionOfAnyColumnsGoesThroughAndBack() throws {
        let id = UUID()
        let at = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let keys: [KeysetCursor.Key] = [.time(at), .number(-42), .text("武汉\"市\"\n第一_医院"), .id(id)]
        let decoded = try #require(KeysetCursor(encoded: KeysetCursor(keys: keys).encoded))
        #expect(decoded.keys == keys)
        #expect(!decoded.isTimePosition)
        #expect(decoded.name == nil)
    }

    @Test func eachShapeIsItsOwn() throws {
        let time = try #require(KeysetCursor(encoded: KeysetCursor(time: Date(timeIntervalSince1970: 1_700_000_000), id: UUID()).encoded))
        #expect(time.isTimePosition && time.keys.isEmpty)
        let name = try #require(KeysetCursor(encoded: KeysetCursor(name: "王", id: UUID()).encoded))
        #expect(!name.isTimePosition && name.keys.isEmpty && name.name == "王")
    }

    @Test(arguments: [
        #"keys:["s\u0000"]"#,  // NUL, which PostgreSQL refuses in text
        #"keys:["x1"]"#,  // an unknown tag
        #"keys:["t-1"]"#,  // before 1970
        #"keys:["n1e3"]"#,  // not an integer
        #"keys:["uabc"]"#,  // not an id
        #"keys:[]"#,  // no column
        #"keys:{"a":1}"#,  // not a list
        "keys:[\"s" + String(repeating: "名", count: 1001) + "\"]",  // longer than any name
    ])
    func aCraftedPositionIsRefused(_ text: String) {
        let encoded = Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(KeysetCursor(encoded: encoded) == nil)
    }
}
