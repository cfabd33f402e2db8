import AppTestSupport
import Testing

@testable import Institutions

@Suite("Unit confirmation codes (单位确认码)")
struct ConfirmationCodeTests {
    @Test func codesAreEightCharactersWithoutLookAlikes() {
        var seen = Set<String>()
        for _ in 0..<500 {
            let code = ConfirmationCode.generate()
            #expect(code.count == 8)
            #expect(!code.contains { "01OIL".contains($0) })
            seen.insert(code)
        }
        #expect(seen.count == 500)  // 31^8 ≈ 8.5e11 possibilities: a repeat would mean a broken generator
    }

    @Test func everyCharacterOfTheAlphabetAppears() {
        var counts: [Character: Int] = [:]
        for _ in 0..<2000 { for character in ConfirmationCode.generate() { counts[character, default: 0] += 1 } }
        #expect(counts.count == 31)
    }

    @Test func comparisonIsExact() {
        #expect(ConfirmationCode.matches("ABCD2345", "ABCD2345"))
        #expect(!ConfirmationCode.matches("ABCD2346", "ABCD2345"))
        #expect(!ConfirmationCode.matches("ABCD234", "ABCD2345"))
        #expect(!ConfirmationCode.matches("ABCD23456", "ABCD2345"))
        #expect(ConfirmationCode.normalize(" abcd 2345 ") == "ABCD2345")
    }
}
