import Contracts
import AppTestSupport
import Foundation
import Identity
import Testing

/// Check characters in these fixtures were computed by an independent implementation of ISO 7064
/// MOD 11-2, not by the code under test.
@Suite("Document number rules", .timeLimit(.minutes(3)))
struct DocumentNumberTests {
    static let today = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28

    static func valid(_ number: String, _ type: DocumentType) -> Bool {
        DocumentNumber.problem(with: DocumentNumber.normalize(number), type: type, today: today) == nil
    }

    @Test(arguments: ["11010519491231002X", "11010519491231002x", "420106199003074519", "420106199003074527", "420111202402290038"])
    func validResidentIDs(number: String) {
        #expect(Self.valid(number, .residentID))
    }

    @Test(arguments: [
        "110105194912310021",  // wrong check character
        "420106199003074510",  // wrong check character
        "11010519491331002X",  // month 13
        "420111202302290038",  // 29 February 2023 does not exist
        "420106203003074519",  // born in 2030
        "42010619900307451",   // 17 characters
        "4201061990030745190", // 19 characters
        "42010619900307451Y",  // Y is no check character
        "A20106199003074519",
    ])
    func invalidResidentIDs(number: String) {
        #expect(!Self.valid(number, .residentID))
    }

    @Test func residencePermitsUseTheRegionCodesOfHongKongMacauAndTaiwan() {
        #expect(Self.valid("810000198506151234", .hmtResidencePermit))
        #expect(Self.valid("830000197901010043", .hmtResidencePermit))
        #expect(!Self.valid("420106199003074519", .hmtResidencePermit))  // a mainland number
        #expect(!Self.valid("810000198506151235", .hmtResidencePermit))  // check character
    }

    @Test func permitsPassportsAndMilitaryIDs() {
        #expect(Self.valid("H12345678", .hkMacauPermit))
        #expect(Self.valid("M1234567801", .hkMacauPermit))
        #expect(!Self.valid("C12345678", .hkMacauPermit))
        #expect(!Self.valid("H1234567", .hkMacauPermit))

        #expect(Self.valid("12345678", .taiwanPermit))
        #expect(Self.valid("0123456789", .taiwanPermit))
        #expect(!Self.valid("1234567", .taiwanPermit))

        #expect(Self.valid("920012199001010036", .foreignPermanentResidentID))
        #expect(!Self.valid("920012199001010037", .foreignPermanentResidentID))
        #expect(!Self.valid("420106199003074519", .foreignPermanentResidentID))  // does not start with 9
        #expect(Self.valid("USA123456789012", .foreignPermanentResidentID))       // the old 15-character form
        #expect(!Self.valid("US1234567890123", .foreignPermanentResidentID))

        #expect(Self.valid("E12345678", .passport))
        #expect(Self.valid("EA1234567", .passport))
        #expect(Self.valid("X1234", .passport))
        #expect(!Self.valid("AB", .passport))
        #expect(!Self.valid("E1234-5678", .passport))

        #expect(Self.valid("南字第123456号", .militaryID))
        #expect(!Self.valid("", .militaryID))
        #expect(!Self.valid("1", .militaryID))
    }

    @Test func derivedFactsAndMasking() {
        #expect(DocumentNumber.masked("11010519491231002X") == "110105********002X")
        #expect(DocumentNumber.gender(of: "11010519491231002X") == .female)
        #expect(DocumentNumber.gender(of: "420106199003074519") == .male)
        let birth = DocumentNumber.birthDate(of: "11010519491231002X")
        #expect(birth?.year == 1949 && birth?.month == 12 && birth?.day == 31)
    }
}
