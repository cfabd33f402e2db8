import AppTestSupport
import Contracts
import Testing
import Web

@Suite("Free text: normalised, visible, measured as stored", .timeLimit(.minutes(3)))
struct TextInputTests {
    static let name = TextInput(field: "realName", label: "真实姓名", maximumScalars: 50)
    static let reason = TextInput(field: "reason", label: "驳回原因", maximumScalars: 200, multiline: true)

    @Test(arguments: ["\u{FEFF}", "\u{200B}", "张\u{202E}三", "张\u{200D}三", "a\u{0007}b", "张\n三", "张\u{2028}三"])
    func invisibleAndControlCharactersAreRefused(_ text: String) {
        #expect(Self.name.clean(text) == .failure(.forbiddenCharacter))
    }

    @Test func multiLineTextMayHoldLineBreaks() {
        #expect(Self.reason.clean(" 照片不清晰\n请重拍 ") == .success("照片不清晰\n请重拍"))
        #expect(Self.reason.clean("照片\u{202E}不清晰") == .failure(.forbiddenCharacter))
    }

    @Test func textIsStoredInNormalisationFormC() {
        // "é" as e + combining acute becomes the single precomposed scalar.
        #expect(Self.name.clean("Jose\u{0301}") == .success("Jos\u{00E9}"))
    }

    @Test func lengthIsCountedInScalarsNotGraphemes() {
        let oneGrapheme = "a" + String(repeating: "\u{0301}", count: 5_000)  // one visible character
        #expect(oneGrapheme.count == 1)
        #expect(Self.name.clean(oneGrapheme) == .failure(.tooLong))
        #expect(Self.name.clean(String(repeating: "张", count: 50)) == .success(String(repeating: "张", count: 50)))
        #expect(Self.name.clean(String(repeating: "张", count: 51)) == .failure(.tooLong))
    }

    @Test func blankIsEmpty() {
        #expect(Self.name.clean("  \t ") == .failure(.empty))
    }

    @Test func rareCharactersInNamesAreKept() {
        // CJK Extension B (𠀀) and a private-use code point some systems use for 生僻字.
        #expect(Self.name.clean("王𠀀") == .success("王𠀀"))
        #expect(Self.name.clean("李\u{E000}") == .success("李\u{E000}"))
    }
}
