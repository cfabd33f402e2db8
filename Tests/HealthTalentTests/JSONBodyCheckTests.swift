import Contracts
import Testing
import Web

@Suite("Request bodies: what the JSON decoder would let through")
struct JSONBodyCheckTests {
    static func problem(_ json: String) -> Problem? {
        JSONBodyCheck.problem(in: Array(json.utf8))
    }

    @Test(arguments: [
        (#"{"realName":"\u0000"}"#, "realName"),
        (#"{"realName":"张\u0000三"}"#, "realName"),
        (#"{"reason":"\u0000 hidden"}"#, "reason"),
        (#"{"a":{"b":[1,"x\u0000"]}}"#, "a.b[1]"),
        (#"{"na\u0000me":"x"}"#, "na\u{0}me"),
    ])
    func aNulCharacterIsRefusedNamingTheField(_ json: String, _ field: String) {
        let problem = Self.problem(json)
        #expect(problem?.status == 422)
        #expect(problem?.errors.first?.field == field)
        #expect(problem?.errors.first?.code == "nul_character")
    }

    @Test(arguments: [
        (#"{"code":"a","code":"b"}"#, "code"),
        (#"{"code":"a","c\u006fde":"b"}"#, "code"),
        (#"{"x":{"y":1,"z":2,"y":3}}"#, "x.y"),
        (#"[{"k":1},{"k":1,"k":2}]"#, "[1].k"),
    ])
    func aKeyGivenTwiceIsRefused(_ json: String, _ field: String) {
        let problem = Self.problem(json)
        #expect(problem?.errors.first?.code == "duplicate_key")
        #expect(problem?.errors.first?.field == field)
    }

    @Test(arguments: [
        #"{"code":"a","Code":"b"}"#,
        #"{"a":"line\nbreak","b":"\ud83d\ude00","c":"\"quoted\""}"#,
        #"{"x":[{"k":1},{"k":2}]}"#,
        #"{"n":1.5e3,"t":true,"f":false,"z":null}"#,
        #"{"a\nb":1,"anb":2}"#,
        "not json at all",
        "",
    ])
    func ordinaryOrMalformedBodiesAreLeftToTheDecoder(_ json: String) {
        #expect(Self.problem(json) == nil)
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(Self.problem(deep)?.code == "malformed_json")
        let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(Self.problem(fine) == nil)
    }
}

@Suite("Free text: normalised, visible, measured as stored")
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
