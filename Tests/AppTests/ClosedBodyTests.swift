import AppTestSupport
import Foundation
import HTTPTypes
import Testing

/// Every request body is closed at every depth: a member its type does not read is refused with
/// `unknown_field` and its JSON path, never dropped (issue 24, item 4).
@Suite("Request bodies: unknown members refused at any depth", .timeLimit(.minutes(5)))
struct ClosedBodyTests {
    @Test(arguments: [
        (#""education":{"#, #""education":{"surpriseMember":1,"#, "education.surpriseMember"),
        (#""assistantUpgrade":null"#, #""assistantUpgrade":{"qualificationCertificateNumber":"Q1","practiceRegisteredSince":"2020-01-01"}"#,
         "assistantUpgrade.practiceRegisteredSince"),
        (#""current":true}"#, #""current":true,"note":"x"}"#, "trialInstitutions[0].note"),
    ])
    func aDeclarationRefusesANestedUnknownMember(_ original: String, _ replacement: String, _ path: String) async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let body = AppHarness.declarationBody(version: 1, unitName: p.unitName).replacingOccurrences(of: original, with: replacement)
            #expect(body.contains(replacement))
            let refused = try await h.request(.put, "/api/v1/trial/applications/\(id)", json: body, token: p.candidate)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(AppHarness.codes(refused) == ["unknown_field"])
            #expect(AppHarness.fields(refused) == [path])
            // Nothing was saved: the draft is still at its first version.
            #expect(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json["version"] as? Int == 1)
        }
    }

    @Test func aRecordRefusesAnUnknownMemberOfAnArrayElement() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let second = AppHarness.qualificationJSON(number: "Q2").replacingOccurrences(of: #""number""#, with: #""numbr":"x","number""#)
            let body = AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON(), second])
            let refused = try await h.request(.put, h.recordPath(p), json: body, token: p.unitToken)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(AppHarness.fields(refused) == ["qualificationCertificates[1].numbr"])
        }
    }

    @Test func approvalsRefuseABodyWithMembers() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let trial = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", json: #"{"passed":true}"#, token: p.unitToken)
            #expect(trial.status == .unprocessableContent, "\(trial.text)")
            #expect(AppHarness.fields(trial) == ["passed"])
            #expect(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json["status"] as? String == "submitted")

            let (_, verification) = try await h.pendingReview("user-closed-body", adminToken: p.admin)
            let refused = try await h.request(.post, "/api/v1/admin/verifications/\(verification)/approve", json: #"{"approved":true}"#, token: p.admin)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(AppHarness.fields(refused) == ["approved"])
            let approved = try await h.request(.post, "/api/v1/admin/verifications/\(verification)/approve", json: "{}", token: p.admin)
            #expect(approved.status == .noContent, "\(approved.text)")
        }
    }

    @Test func anInstitutionEditRefusesANullStatus() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (_, id) = try await h.approvedInstitution("空状态医院", serial: 171, admin: admin)
            func body(_ status: String) -> String {
                #"{"name":"空状态医院","uscc":"\#(TestInstitutions.uscc(171))","superiorUnit":null,"category":"A","region":"420100","address":"武汉","status":\#(status)}"#
            }
            let refused = try await h.request(.put, "/api/v1/admin/institutions/\(id)", json: body("null"), token: admin)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(AppHarness.fields(refused) == ["status"])
            #expect(try await h.request(.put, "/api/v1/admin/institutions/\(id)", json: body(#""active""#), token: admin).status == .ok)
        }
    }

    @Test(arguments: ["+2026", "-2026", "02026", " 2026"])
    func aYearIsWrittenInDigitsOnly(_ year: String) async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            let encoded = try #require(year.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            #expect(try await h.request(.get, "/api/v1/exam-records/\(encoded)/me", token: p.candidate).status == .notFound)
            #expect(try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records/\(encoded)/\(p.account)", token: p.unitToken).status == .notFound)
            let list = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records?year=\(encoded)", token: p.unitToken)
            #expect(AppHarness.codes(list) == ["invalid_year"], "\(list.text)")
        }
    }
}
