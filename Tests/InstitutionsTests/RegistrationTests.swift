import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Institution registration (机构注册) and its review", .timeLimit(.minutes(3)))
struct RegistrationTests {
    @Test func anApprovedRegistrationCreatesTheUnitWithItsRegistrantAsAdministrator() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (token, institution) = try await h.approvedInstitution("武汉市第一医院", serial: 11, admin: admin)
            let unit = try await h.request(.get, "/api/v1/units/\(institution)", token: token)
            #expect(unit.status == .ok, "\(unit.text)")
            #expect(unit.json["name"] as? String == "武汉市第一医院")
            #expect(unit.json["usccCheckPassed"] as? Bool == true)
            let code = try await h.confirmationCode(of: institution, token: token)
            #expect(code.count == 8)
            let mine = try await h.request(.get, "/api/v1/institution-registrations/mine", token: token)
            let item = try #require((mine.json["items"] as? [[String: Any]])?.first)
            #expect(item["status"] as? String == "approved")
            #expect(item["institutionId"] as? String == institution)
            let actions = try await h.auditActions()
            #expect(actions.contains("institution_registration.approve") && actions.contains("institution.create") && actions.contains("account.role.grant"))
        }
    }

    @Test func anUnverifiedAccountCannotRegister() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-unverified-registrant")
            let licence = try await h.upload(Samples.jpeg(), purpose: "institution_licence", token: token)
            let body = AppHarness.registrationBody(name: "某医院", uscc: TestInstitutions.uscc(1), licence: try #require(licence.json["id"] as? String))
            let response = try await h.request(.post, "/api/v1/institution-registrations", json: body, token: token)
            #expect(response.status == .forbidden)
            #expect(response.json["code"] as? String == "verification_required")
        }
    }

    @Test(arguments: ["name", "uscc"])
    func aRegistrationMatchingAnActiveInstitutionIsRefusedNamingTheField(_ field: String) async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            _ = try await h.approvedInstitution("湖北省妇幼保健院", serial: 21, admin: admin)
            let (token, _) = try await h.verifiedCandidate("user-second-registrant", serial: 22)
            let licence = try #require(try await h.upload(Samples.jpeg(seed: 5), purpose: "institution_licence", token: token).json["id"] as? String)
            let body = field == "name"
                ? AppHarness.registrationBody(name: "湖北省妇幼保健院", uscc: TestInstitutions.uscc(22), licence: licence)
                : AppHarness.registrationBody(name: "另一家医院", uscc: TestInstitutions.uscc(21), licence: licence)
            let response = try await h.request(.post, "/api/v1/institution-registrations", json: body, token: token)
            #expect(response.status == .conflict)
            #expect((response.json["errors"] as? [[String: Any]])?.first?["field"] as? String == field)
        }
    }

    @Test func aFailingCheckCharacterIsApprovedOnlyWithTheAdministratorsExplicitAcceptance() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (token, _) = try await h.verifiedCandidate("user-old-code", serial: 31)
            let good = TestInstitutions.uscc(31)
            let bad = String(good.dropLast()) + (good.last == "0" ? "1" : "0")
            let licence = try #require(try await h.upload(Samples.jpeg(seed: 6), purpose: "institution_licence", token: token).json["id"] as? String)
            let submitted = try await h.request(.post, "/api/v1/institution-registrations", json: AppHarness.registrationBody(name: "老代码医院", uscc: bad, licence: licence), token: token)
            #expect(submitted.status == .created, "\(submitted.text)")
            #expect(submitted.json["usccCheckPassed"] as? Bool == false)
            let id = try #require(submitted.json["id"] as? String)

            let plain = try await h.request(.post, "/api/v1/admin/institution-registrations/\(id)/approve", token: admin)
            #expect(plain.status == .unprocessableContent)
            #expect((plain.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "uscc_check_failed")
            let accepted = try await h.request(.post, "/api/v1/admin/institution-registrations/\(id)/approve", json: #"{"acceptFailedUsccCheck":true}"#, token: admin)
            #expect(accepted.status == .ok, "\(accepted.text)")
            #expect(accepted.json["usccCheckPassed"] as? Bool == false)
        }
    }

    @Test func aRejectionNeedsAReasonAndTheRegistrantSeesIt() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (token, _) = try await h.verifiedCandidate("user-rejected-registrant", serial: 41)
            let licence = try #require(try await h.upload(Samples.jpeg(seed: 7), purpose: "institution_licence", token: token).json["id"] as? String)
            let submitted = try await h.request(.post, "/api/v1/institution-registrations", json: AppHarness.registrationBody(name: "待驳回医院", uscc: TestInstitutions.uscc(41), licence: licence), token: token)
            let id = try #require(submitted.json["id"] as? String)
            let queue = try await h.request(.get, "/api/v1/admin/institution-registrations?status=submitted", token: admin)
            #expect((queue.json["items"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true)
            #expect(try await h.request(.post, "/api/v1/admin/institution-registrations/\(id)/reject", json: #"{"reason":" "}"#, token: admin).status == .unprocessableContent)
            #expect(try await h.request(.post, "/api/v1/admin/institution-registrations/\(id)/reject", json: #"{"reason":"执业许可证照片不清晰"}"#, token: admin).status == .noContent)
            let mine = try await h.request(.get, "/api/v1/institution-registrations/mine", token: token)
            let item = try #require((mine.json["items"] as? [[String: Any]])?.first)
            #expect(item["status"] as? String == "rejected")
            #expect(item["rejectReason"] as? String == "执业许可证照片不清晰")
            // Decided once only.
            #expect(try await h.request(.post, "/api/v1/admin/institution-registrations/\(id)/approve", token: admin).status == .conflict)
        }
    }

    @Test func nobodyApprovesTheirOwnRegistration() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            // The administrator verifies and registers a unit themselves.
            let front = try await h.upload(Samples.jpeg(seed: 8), purpose: "id_document_front", token: admin)
            let back = try await h.upload(Samples.jpeg(seed: 9), purpose: "id_document_back", token: admin)
            _ = try await h.startVerification(admin, name: "王管理", number: AppHarness.residentID(serial: 51))
            _ = try await h.scan(admin, try #require(front.json["id"] as? String), try #require(back.json["id"] as? String))
            let licence = try #require(try await h.upload(Samples.jpeg(seed: 10), purpose: "institution_licence", token: admin).json["id"] as? String)
            let submitted = try await h.request(.post, "/api/v1/institution-registrations", json: AppHarness.registrationBody(name: "自审医院", uscc: TestInstitutions.uscc(51), licence: licence), token: admin)
            let id = try #require(submitted.json["id"] as? String)
            let own = try await h.request(.post, "/api/v1/admin/institution-registrations/\(id)/approve", token: admin)
            #expect(own.status == .forbidden)
            #expect(own.json["code"] as? String == "own_case")
        }
    }
}
