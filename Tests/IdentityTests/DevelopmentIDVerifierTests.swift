import AppTestSupport
import Identity
import Testing

/// The development verifier (`ID_VERIFIER=development`, what `make run` and the browser tests use):
/// well-formed resident IDs match, except under 李四, so the failed-scan path can be walked by hand.
@Suite("Development ID verifier")
struct DevelopmentIDVerifierTests {
    @Test func aWellFormedResidentIDMatches() async throws {
        #expect(try await DevelopmentIDVerifier().verify(name: "张三", residentID: AppHarness.residentID, portraitImage: []) == .match)
    }

    @Test func theName李四NeverMatches() async throws {
        let outcome = try await DevelopmentIDVerifier().verify(name: DevelopmentIDVerifier.mismatchingName, residentID: AppHarness.residentID, portraitImage: [])
        #expect(outcome == .mismatch(reason: "姓名和身份证号不一致"))
    }

    @Test func aMalformedNumberNeverMatches() async throws {
        #expect(try await DevelopmentIDVerifier().verify(name: "张三", residentID: "420106199003074510", portraitImage: []) != .match)
    }
}
