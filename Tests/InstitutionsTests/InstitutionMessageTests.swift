import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 27: the registrant hears the platform's decision on a registration, a candidate hears that
/// their unit ended their binding; each written on the change's transaction, once.
@Suite("Institutions' messages", .timeLimit(.minutes(5)))
struct InstitutionMessageTests {
    @Test func anApprovedRegistrationTellsTheRegistrantOnce() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (token, _) = try await h.approvedInstitution("武汉市第三医院", serial: 41, admin: admin)
            let items = try await h.inbox(token)
            #expect(items.map { $0["kind"] as? String } == ["registration_decided"])
            #expect(items.first?["title"] as? String == "机构注册已通过")
            #expect((items.first?["link"] as? [String: Any])?["type"] as? String == "institution_registration")
        }
    }

    @Test func aRejectedRegistrationTellsTheRegistrantTheReasonAndASecondDecisionNothing() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (token, _) = try await h.verifiedCandidate("user-registrant-reject", serial: 542)
            let licence = try await h.upload(Samples.jpeg(seed: 42), purpose: "institution_licence", token: token)
            let body = AppHarness.registrationBody(name: "武汉市第四医院", uscc: TestInstitutions.uscc(42), licence: try #require(licence.json["id"] as? String))
            let submitted = try await h.request(.post, "/api/v1/institution-registrations", json: body, token: token)
            let id = try #require(submitted.json["id"] as? String)
            let path = "/api/v1/admin/institution-registrations/\(id)"
            // A blank reason is refused before anything changes: no message.
            #expect(try await h.request(.post, path + "/reject", json: #"{"reason":" "}"#, token: admin).status == .unprocessableContent)
            #expect(try await h.inbox(token).isEmpty)
            let rejected = try await h.request(.post, path + "/reject", json: #"{"reason":"营业执照与名称不符"}"#, token: admin)
            #expect(rejected.status == .noContent || rejected.status == .ok, "\(rejected.text)")
            #expect(try await h.request(.post, path + "/approve", token: admin).status == .conflict)

            let items = try await h.inbox(token)
            #expect(items.map { $0["kind"] as? String } == ["registration_decided"])
            #expect((items.first?["text"] as? String)?.contains("营业执照与名称不符") == true)
        }
    }

    @Test func aBindingEndedByTheUnitTellsTheCandidateOnceWithTheReason() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let path = "/api/v1/units/\(p.unit)/staff/\(p.account)"
            #expect(try await h.request(.delete, path, json: #"{"reason":""}"#, token: p.unitToken).status == .unprocessableContent)
            #expect(try await h.request(.delete, path, json: #"{"reason":"已调离本院"}"#, token: p.unitToken).status == .noContent)
            #expect(try await h.request(.delete, path, json: #"{"reason":"已调离本院"}"#, token: p.unitToken).status == .notFound)

            let items = try await h.inbox(p.candidate)
            #expect(items.map { $0["kind"] as? String } == ["binding_ended"])
            #expect((items.first?["text"] as? String)?.contains("已调离本院") == true)
            #expect((items.first?["text"] as? String)?.contains(p.unitName) == true)
            let link = try #require(items.first?["link"] as? [String: Any])
            #expect(link["type"] as? String == "employment")
            #expect(link["id"] as? String == p.unit)
        }
    }

    /// Two administrators' ends of the same binding fired together: one ends it, the other finds none.
    @Test func twoEndsOfOneBindingAtOnceMakeOneMessage() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let path = "/api/v1/units/\(p.unit)/staff/\(p.account)"
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 { group.addTask { try await h.request(.delete, path, json: #"{"reason":"已离职"}"#, token: p.unitToken).status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.noContent, .notFound], "\(statuses)")
            #expect(try await h.inboxKinds(p.candidate) == ["binding_ended"])
        }
    }

    @Test func aCandidateWhoUnbindsThemselvesGetsNoMessage() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let unbound = try await h.request(.delete, "/api/v1/me/employment", token: p.candidate)
            #expect(unbound.status == .noContent, "\(unbound.text)")
            #expect(try await h.inbox(p.candidate).isEmpty)
        }
    }
}
