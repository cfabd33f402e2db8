import AppTestSupport
import Testing

@testable import Institutions

@Suite("Unified Social Credit Code (统一社会信用代码)")
struct USCCTests {
    /// Codes whose check characters were computed by the independent implementation in the test support.
    @Test(arguments: [1, 2, 77, 123_456, 999_999_999])
    func wellFormedCodesPass(_ serial: Int) {
        #expect(USCC.verdict(TestInstitutions.uscc(serial)) == .valid)
    }

    @Test func aWrongCheckCharacterIsACheckFailureNotMalformed() {
        let good = TestInstitutions.uscc(42)
        let last = good.last!
        let other = USCC.alphabet.first { $0 != last }!
        #expect(USCC.verdict(String(good.dropLast()) + String(other)) == .checkFails)
    }

    @Test(arguments: ["", "12420100", "124201000000001000X", "12420100000000100O", "12420100000000100I", "1242010000000010 0"])
    func malformedCodesAreRefused(_ code: String) {
        #expect(USCC.verdict(code) == .malformed)
    }

    @Test func typedCodesAreNormalised() {
        let code = TestInstitutions.uscc(7)
        let typed = code.lowercased().enumerated().map { $0.offset == 6 ? " \($0.element)" : String($0.element) }.joined()
        #expect(USCC.normalize(typed) == code)
        #expect(USCC.verdict(USCC.normalize(typed)) == .valid)
    }

    @Test func theCheckCharacterAgreesWithTheIndependentImplementation() {
        for serial in 0..<200 {
            let code = TestInstitutions.uscc(serial * 7919)
            #expect(USCC.checkCharacter(for: String(code.prefix(17))) == code.last)
        }
    }
}
