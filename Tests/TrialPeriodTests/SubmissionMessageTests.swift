import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 27: a declaration submitted (or submitted again) to a unit reaches each of the unit's
/// administrators, written on the submission's transaction: once per submission, none for a refused one.
@Suite("Submissions in the unit administrators' inbox", .timeLimit(.minutes(5)))
struct SubmissionMessageTests {
    /// The unit administrator's messages but the one about their unit's registration, newest first.
    static func unitKinds(_ h: AppHarness, _ p: AppHarness.TrialParties) async throws -> [String] {
        try await h.inboxKinds(p.unitToken).filter { $0 != "registration_decided" }
    }

    @Test func aSubmissionTellsTheUnitsAdministratorWithALinkToTheConsolePage() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            // The administrator's other message is their unit's registration.
            let items = try await h.inbox(p.unitToken).filter { $0["kind"] as? String != "registration_decided" }
            #expect(items.map { $0["kind"] as? String } == ["declaration_submitted"])
            #expect((items.first?["text"] as? String)?.contains("王小明") == true)
            let link = try #require(items.first?["link"] as? [String: Any])
            #expect(link["type"] as? String == "console")
            #expect(link["id"] as? String == "/console/units/\(p.unit)/trial-applications/\(id)")
            // The candidate is not told of their own submission.
            #expect(try await h.inbox(p.candidate).isEmpty)
        }
    }

    @Test func aReturnedDeclarationSubmittedAgainIsAResubmission() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            #expect(try await h.request(.post, review + "/return", json: #"{"reason":"材料不全"}"#, token: p.unitToken).status == .ok)
            h.clock.advance(by: 60)
            let current = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate)
            let version = try #require(current.json["version"] as? Int)
            let again = try await h.saveAndSubmit(p.candidate, id, body: AppHarness.declarationBody(version: version, unitName: p.unitName))
            #expect(again.status == .ok, "\(again.text)")
            #expect(try await Self.unitKinds(h, p) == ["declaration_resubmitted", "declaration_submitted"])
        }
    }

    /// The submission's rules fail after the declaration is locked: the transaction rolls back, no message.
    @Test func anIncompleteSubmissionIsRefusedAndTellsNobody() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let refused = try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":1}"#, token: p.candidate)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(try await Self.unitKinds(h, p).isEmpty)
        }
    }

    /// The same version submitted twice at once: one submission, one message.
    @Test func twoSubmissionsFiredTogetherMakeOneMessage() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let saved = try await h.request(.put, "/api/v1/trial/applications/\(id)", json: AppHarness.declarationBody(version: 1, unitName: p.unitName), token: p.candidate)
            let version = try #require(saved.json["version"] as? Int)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":\#(version)}"#, token: p.candidate).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 1, "\(statuses)")
            #expect(try await Self.unitKinds(h, p) == ["declaration_submitted"])
        }
    }
}
