import AppTestSupport
import Contracts
import Testing
import Web

@Suite("Request bodies: what the JSON decoder would let through", .timeLimit(.minutes(3)))
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
