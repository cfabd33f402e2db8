@testable import Confirmation
import Foundation
import Testing
import Web

/// The unit's list is ordered by name; its cursor is a `KeysetCursor` holding the name and the account.
@Suite("Exam information: the list's cursor", .timeLimit(.minutes(1)))
struct NameCursorTests {
    @Test func aNamePositionGoesThroughTheKeysetCodecAndBack() throws {
        let account = UUID()
        let encoded = KeysetCursor(name: "王_小明\n", id: account).encoded
        let decoded = try #require(KeysetCursor(encoded: encoded))
        #expect(decoded.name == "王_小明\n" && decoded.id == account)
        let cursor = try #require(NameCursor(encoded: encoded))
        #expect(cursor.name == "王_小明\n" && cursor.account.rawValue == account)
        #expect(cursor.encoded == encoded)
    }

    @Test func aTimePositionIsNoNamePositionAndTheOtherWayRound() throws {
        let time = KeysetCursor(time: Date(timeIntervalSince1970: 1_700_000_000), id: UUID()).encoded
        #expect(NameCursor(encoded: time) == nil)
        #expect(try #require(KeysetCursor(encoded: time)).name == nil)
        #expect(NameCursor(encoded: "bm90IGEgY3Vyc29y") == nil)
    }
}
