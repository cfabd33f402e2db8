import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 26, item 6: a candidate whose document states no gender (a passport, a permit) enters it once
/// in the profile; the resident ID and the residence permits state it, so there it is not entered.
@Suite("Profile: the gender a document does not state", .timeLimit(.minutes(3)))
struct ProfileGenderTests {
    /// A candidate verified by manual review of a passport.
    static func passportHolder(_ h: AppHarness, _ code: String = "user-passport", admin existing: String? = nil) async throws -> String {
        var admin = existing ?? ""
        if existing == nil { admin = try await h.platformAdmin() }
        let (candidate, id) = try await h.pendingReview(code, adminToken: admin)
        let approved = try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin)
        #expect(approved.status == .noContent, "\(approved.text)")
        return candidate.token
    }

    static func gender(_ me: TestResponse) -> Any? {
        (me.json["profile"] as? [String: Any])?["gender"]
    }

    @Test func aPassportHolderEntersTheirGenderOnce() async throws {
        try await AppHarness.run { h in
            let token = try await Self.passportHolder(h)
            #expect(Self.gender(try await h.request(.get, "/api/v1/me", token: token)) is NSNull)

            let entered = try await h.request(.put, "/api/v1/me/profile", json: #"{"gender":"female"}"#, token: token)
            #expect(entered.status == .ok, "\(entered.text)")
            #expect(Self.gender(entered) as? String == "female")
            #expect(Self.gender(try await h.request(.get, "/api/v1/me", token: token)) as? String == "female")
            #expect(try await h.auditActions().filter { $0 == "account.profile.update" }.count == 1)

            // Once: another value is refused; the same one changes nothing.
            let changed = try await h.request(.put, "/api/v1/me/profile", json: #"{"gender":"male"}"#, token: token)
            #expect(changed.status == .unprocessableContent)
            #expect(AppHarness.codes(changed) == ["gender_already_set"])
            #expect(AppHarness.fields(changed) == ["gender"])
            let cleared = try await h.request(.put, "/api/v1/me/profile", json: #"{"gender":null}"#, token: token)
            #expect(AppHarness.codes(cleared) == ["unknown_gender"])
            #expect(try await h.request(.put, "/api/v1/me/profile", json: #"{"gender":"female"}"#, token: token).status == .ok)
            #expect(try await h.auditActions().filter { $0 == "account.profile.update" }.count == 1)
            #expect(Self.gender(try await h.request(.get, "/api/v1/me", token: token)) as? String == "female")
        }
    }

    /// Other modules see the entered gender too: the declaration's applicant (filled from the verified
    /// identity) shows it, and the unit reviewing it sees the same.
    @Test func theEnteredGenderIsTheDeclarationApplicants() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let token = try await Self.passportHolder(h, admin: p.admin)
            #expect(try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"01","gender":"female"}"#, token: token).status == .ok)
            let bound = try await h.bind(token, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken))
            #expect(bound.status == .ok, "\(bound.text)")
            let id = try await h.createDeclaration(token)
            let mine = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: token)
            #expect((mine.json["applicant"] as? [String: Any])?["gender"] as? String == "female", "\(mine.text)")
            #expect((mine.json["applicant"] as? [String: Any])?["documentType"] as? String == "passport")
        }
    }

    @Test func aResidentIDStatesTheGenderSoItIsNotEntered() async throws {
        try await AppHarness.run { h in
            // Serial 3: the seventeenth digit is odd, a man's number.
            let (token, _) = try await h.verifiedCandidate("user-resident", serial: 3)
            #expect(Self.gender(try await h.request(.get, "/api/v1/me", token: token)) as? String == "male")
            let refused = try await h.request(.put, "/api/v1/me/profile", json: #"{"gender":"female"}"#, token: token)
            #expect(refused.status == .unprocessableContent)
            #expect(AppHarness.codes(refused) == ["gender_from_document"])
            #expect(Self.gender(try await h.request(.get, "/api/v1/me", token: token)) as? String == "male")
        }
    }

    @Test func anUnverifiedCandidateOrAnUnknownCodeIsRefused() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-unverified")
            let unverified = try await h.request(.put, "/api/v1/me/profile", json: #"{"gender":"male"}"#, token: token)
            #expect(unverified.status == .forbidden)
            #expect(unverified.json["code"] as? String == "verification_required")
            let unknown = try await h.request(.put, "/api/v1/me/profile", json: #"{"gender":"x"}"#, token: token)
            #expect(unknown.status == .unprocessableContent)
            #expect(AppHarness.codes(unknown) == ["unknown_gender"])
        }
    }

    /// Two entries at once (男 and 女): one is stored, the other refused as already set.
    @Test func twoEntriesAtOnceStoreExactlyOne() async throws {
        try await AppHarness.run { h in
            let token = try await Self.passportHolder(h)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for value in ["male", "female", "male", "female"] {
                    group.addTask { try await h.request(.put, "/api/v1/me/profile", json: #"{"gender":"\#(value)"}"#, token: token).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            // The first stored value's twin is a harmless repeat; the other value is refused twice.
            #expect(statuses.filter { $0 == .unprocessableContent }.count == 2, "\(statuses)")
            #expect(statuses.filter { $0 == .ok }.count == 2, "\(statuses)")
            #expect(try await h.auditActions().filter { $0 == "account.profile.update" }.count == 1)
        }
    }
}
