import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 27, first slice: the unit's decisions on a declaration reach the candidate's inbox, written on
/// the transition's own transaction (exactly one message per event; none for a refused transition).
@Suite("Declaration outcomes in the candidate's inbox", .timeLimit(.minutes(5)))
struct DeclarationMessageTests {
    static func inbox(_ h: AppHarness, _ token: String, query: String = "") async throws -> (items: [[String: Any]], json: [String: Any]) {
        let response = try await h.request(.get, "/api/v1/me/messages" + query, token: token)
        #expect(response.status == .ok, "\(response.text)")
        return (try #require(response.json["items"] as? [[String: Any]]), response.json)
    }

    @Test func aReturnedDeclarationPutsExactlyOneMessageWithTheReasonInTheCandidatesInbox() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            let returned = try await h.request(.post, review + "/return", json: #"{"reason":"学历证书照片不清晰"}"#, token: p.unitToken)
            #expect(returned.status == .ok, "\(returned.text)")

            let (items, json) = try await Self.inbox(h, p.candidate)
            #expect(items.count == 1)
            let message = try #require(items.first)
            #expect(message["kind"] as? String == "declaration_returned")
            #expect((message["title"] as? String)?.isEmpty == false)
            #expect((message["text"] as? String)?.contains("学历证书照片不清晰") == true)
            #expect(message["readAt"] is NSNull)
            #expect(message["createdAt"] is String)
            let link = try #require(message["link"] as? [String: Any])
            #expect(link["type"] as? String == "trial_application")
            #expect(link["id"] as? String == id)
            #expect(json["unreadCount"] as? Int == 1)
            #expect(json["nextCursor"] is NSNull)
            // The unit's administrator is not the recipient (they have only their own messages: the
            // registration of their unit and the submission).
            let unitKinds = try await Self.inbox(h, p.unitToken).items.compactMap { $0["kind"] as? String }
            #expect(unitKinds.sorted() == ["declaration_submitted", "registration_decided"])
        }
    }

    @Test func approvalAndAllowedModificationEachTellTheCandidateNewestFirst() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            #expect(try await h.request(.post, review + "/approve", token: p.unitToken).status == .ok)
            h.clock.advance(by: 60)
            let allowed = try await h.request(.post, review + "/allow-modification", json: #"{"reason":"请补充带教医师"}"#, token: p.unitToken)
            #expect(allowed.status == .ok, "\(allowed.text)")

            let (items, json) = try await Self.inbox(h, p.candidate)
            #expect(items.map { $0["kind"] as? String } == ["declaration_modification_allowed", "declaration_approved"])
            #expect((items.first?["text"] as? String)?.contains("请补充带教医师") == true)
            #expect(json["unreadCount"] as? Int == 2)
        }
    }

    /// Approve and return fired together: one wins, the other is a 409 whose rolled-back transaction
    /// leaves no message; the candidate has exactly one, of the winner's kind.
    @Test func approveRacingReturnLeavesOneWinnerAndOneMessage() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            let results = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                group.addTask { ("declaration_approved", try await h.request(.post, review + "/approve", token: p.unitToken).status) }
                group.addTask {
                    ("declaration_returned", try await h.request(.post, review + "/return", json: #"{"reason":"材料不全"}"#, token: p.unitToken).status)
                }
                return try await group.reduce(into: [(String, HTTPResponse.Status)]()) { $0.append($1) }
            }
            let winners = results.filter { $0.1 == .ok }
            #expect(winners.count == 1, "\(results)")
            #expect(results.filter { $0.1 != .ok }.map(\.1) == [.conflict], "\(results)")
            let items = try await Self.inbox(h, p.candidate).items
            #expect(items.map { $0["kind"] as? String } == [winners.first?.0])
        }
    }

    @Test func aRefusedTransitionWritesNoMessage() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            #expect(try await h.request(.post, review + "/approve", token: p.unitToken).status == .ok)
            let again = try await h.request(.post, review + "/return", json: #"{"reason":"材料不全"}"#, token: p.unitToken)
            #expect(again.status == .conflict)
            #expect(try await h.request(.post, review + "/approve", token: p.unitToken).status == .conflict)
            #expect(try await Self.inbox(h, p.candidate).items.map { $0["kind"] as? String } == ["declaration_approved"])
        }
    }
}
