import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 27: a platform administrator's decision on a manual verification reaches the candidate's inbox,
/// written on the decision's transaction: once per decision, none for a refused one.
@Suite("Verification decisions in the candidate's inbox", .timeLimit(.minutes(5)))
struct VerificationMessageTests {
    @Test func anApprovalTellsTheCandidateOnceWithALinkToTheVerification() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (candidate, id) = try await h.pendingReview("user-verify-message", adminToken: admin)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin).status == .noContent)
            // Deciding again is refused and writes nothing more.
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin).status == .conflict)

            let items = try await h.inbox(candidate.token)
            #expect(items.count == 1)
            let message = try #require(items.first)
            #expect(message["kind"] as? String == "verification_approved")
            #expect(message["title"] as? String == "实名认证已通过")
            let link = try #require(message["link"] as? [String: Any])
            #expect(link["type"] as? String == "verification")
            #expect(link["id"] as? String == id)
            #expect(try await h.inbox(admin).isEmpty)
        }
    }

    @Test func aRejectionTellsTheCandidateTheReason() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (candidate, id) = try await h.pendingReview("user-verify-reject", adminToken: admin)
            let rejected = try await h.request(.post, "/api/v1/admin/verifications/\(id)/reject", json: #"{"reason":"证件照片反光看不清"}"#, token: admin)
            #expect(rejected.status == .noContent, "\(rejected.text)")
            let items = try await h.inbox(candidate.token)
            #expect(items.map { $0["kind"] as? String } == ["verification_rejected"])
            #expect((items.first?["text"] as? String)?.contains("证件照片反光看不清") == true)
        }
    }

    /// Approval and rejection fired together: one wins, the loser's rolled-back transaction leaves nothing.
    @Test func approvalRacingRejectionLeavesOneMessageOfTheWinnersKind() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (candidate, id) = try await h.pendingReview("user-verify-race", adminToken: admin)
            let results = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                group.addTask { ("verification_approved", try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin).status) }
                group.addTask {
                    ("verification_rejected", try await h.request(.post, "/api/v1/admin/verifications/\(id)/reject", json: #"{"reason":"不清晰"}"#, token: admin).status)
                }
                return try await group.reduce(into: [(String, HTTPResponse.Status)]()) { $0.append($1) }
            }
            let winners = results.filter { $0.1 == .noContent }
            #expect(winners.count == 1, "\(results)")
            #expect(results.filter { $0.1 != .noContent }.map(\.1) == [.conflict], "\(results)")
            #expect(try await h.inboxKinds(candidate.token) == [try #require(winners.first?.0)])
        }
    }

    @Test func anAutomaticVerificationWritesNoMessage() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.verifiedCandidate("user-verify-auto", serial: 31)
            #expect(try await h.inbox(token).isEmpty)
        }
    }
}
