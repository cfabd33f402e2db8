import Contracts
import Foundation
@testable import Identity
import Testing
import Web

/// `GET /me` is written with `JSONWriter` (`MeResponse.json()`); it must be byte for byte what
/// `JSONEncoder` writes for the same account: nulls, escapes, dates, a role without an institution.
@Suite("The caller's own account as hand-written JSON")
struct MeJSONTests {
    static let created = Date(timeIntervalSince1970: 1_795_000_000.25)

    static func account(phone: String?, email: String?, roles: [Role], lastLogin: Date?, gender: Gender? = nil) -> Account {
        Account(
            id: AccountID(UUID()), wechatOpenID: "openid", phone: phone.flatMap(PhoneNumber.init), ethnicity: "01", email: email,
            gender: gender, createdAt: created, lastLoginAt: lastLogin, roles: roles
        )
    }

    static let employment = Employment(
        institution: InstitutionSummary(
            id: InstitutionID(UUID()), name: "武汉\"协和\"医院\\分院", uscc: "12420000441358526X", superiorUnit: nil, category: .A, region: .wuhan
        ),
        since: Date(timeIntervalSince1970: 1_790_000_000), until: nil
    )

    static let cases: [MeResponse] = [
        MeResponse(
            account: account(phone: nil, email: nil, roles: [], lastLogin: nil),
            verification: VerificationState(current: nil, attemptsLeft: 3), employment: nil, examRecord: (2027, .notEntered),
            unreadMessages: 0
        ),
        MeResponse(
            account: account(
                phone: "13800138000", email: "a/b@example.cn", roles: [.platformAdmin, .unitAdmin(InstitutionID(UUID()))], lastLogin: created,
                gender: .female
            ),
            verification: VerificationState(current: nil, attemptsLeft: 0), employment: employment, examRecord: (2026, .awaitingConfirmation),
            unreadMessages: 12
        ),
    ]

    @Test(arguments: cases.indices)
    func theWriterWritesWhatTheEncoderWrites(_ index: Int) throws {
        let response = Self.cases[index]
        let expected = try JSONCoding.encoder.encode(response)
        #expect(String(decoding: response.json().bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
