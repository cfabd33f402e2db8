import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Declaration lifecycle: refused transitions, versions, the window, races", .timeLimit(.minutes(5)))
struct LifecycleTests {
    @Test func actionsInTheWrongStateAreRefusedNamingTheState() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let withdrawDraft = try await h.request(.post, "/api/v1/trial/applications/\(id)/withdraw", token: p.candidate)
            #expect(withdrawDraft.status == .conflict)
            #expect(withdrawDraft.json["code"] as? String == "invalid_transition")
            #expect(withdrawDraft.json["currentStatus"] as? String == "draft")
            // The unit cannot see (let alone decide) a draft.
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken).status == .notFound)

            let submitted = try await h.saveAndSubmit(p.candidate, id, body: AppHarness.declarationBody(version: 1, unitName: p.unitName))
            let version = try #require(submitted.json["version"] as? Int)
            let edit = try await h.request(
                .put, "/api/v1/trial/applications/\(id)", json: AppHarness.declarationBody(version: version, unitName: p.unitName), token: p.candidate
            )
            #expect(edit.status == .conflict)
            #expect(edit.json["code"] as? String == "invalid_transition")
            let modify = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/allow-modification", json: #"{"reason":"x"}"#, token: p.unitToken
            )
            #expect(modify.json["code"] as? String == "invalid_transition")
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken).status == .ok)
            let late = try await h.request(.post, "/api/v1/trial/applications/\(id)/withdraw", token: p.candidate)
            #expect(late.json["code"] as? String == "invalid_transition")
            #expect(late.json["currentStatus"] as? String == "approved")
            let again = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"x"}"#, token: p.unitToken)
            #expect(again.json["code"] as? String == "invalid_transition")
        }
    }

    @Test func reasonsAreRequiredToReturnOrAllowModification() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let blank = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"  "}"#, token: p.unitToken)
            #expect(blank.status == .unprocessableContent)
            #expect(AppHarness.fields(blank) == ["reason"])
        }
    }

    @Test func aStaleVersionIsAConflict() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let body = AppHarness.declarationBody(version: 1, unitName: p.unitName)
            #expect(try await h.request(.put, "/api/v1/trial/applications/\(id)", json: body, token: p.candidate).status == .ok)
            let stale = try await h.request(.put, "/api/v1/trial/applications/\(id)", json: body, token: p.candidate)
            #expect(stale.status == .conflict)
            #expect(stale.json["code"] as? String == "version_conflict")
            let staleSubmit = try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":1}"#, token: p.candidate)
            #expect(staleSubmit.json["code"] as? String == "version_conflict")
        }
    }

    @Test func oneDeclarationPerCycleAndOnlyForVerifiedBoundCandidates() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            _ = try await h.createDeclaration(p.candidate)
            let second = try await h.request(.post, "/api/v1/trial/applications", json: #"{"level":"physician","category":"dental","noticeAcknowledged":true}"#, token: p.candidate)
            #expect(second.status == .conflict)
            #expect(second.json["code"] as? String == "application_exists")

            let (unverified, _) = try await h.loginByWeChat("user-not-verified")
            let refused = try await h.request(.post, "/api/v1/trial/applications", json: #"{"level":"physician","category":"clinical","noticeAcknowledged":true}"#, token: unverified)
            #expect(refused.status == .forbidden)
            #expect(refused.json["code"] as? String == "verification_required")
            let (unbound, _) = try await h.verifiedCandidate("user-unbound", serial: 950)
            let noUnit = try await h.request(.post, "/api/v1/trial/applications", json: #"{"level":"physician","category":"clinical","noticeAcknowledged":true}"#, token: unbound)
            #expect(noUnit.status == .forbidden)
            #expect(noUnit.json["code"] as? String == "employment_required")
        }
    }

    @Test func theNoticeMustBeAcknowledged() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let response = try await h.request(.post, "/api/v1/trial/applications", json: #"{"level":"physician","category":"clinical","noticeAcknowledged":false}"#, token: p.candidate)
            #expect(response.status == .unprocessableContent)
            #expect(AppHarness.codes(response) == ["notice_not_acknowledged"])
        }
    }

    @Test func outsideTheWindowCandidatesAreRefusedWhileUnitsReviewUntilTheirDeadline() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            h.clock.advance(by: 40 * 86_400)  // 2026-07-08: window closed, reviews open
            let (candidate, _) = try await h.loginByWeChat("user-trial-1")
            let closed = try await h.request(.post, "/api/v1/trial/applications/\(id)/withdraw", token: candidate)
            #expect(closed.status == .conflict)
            #expect(closed.json["code"] as? String == "cycle_closed")
            let create = try await h.request(.post, "/api/v1/trial/applications", json: #"{"level":"physician","category":"clinical","noticeAcknowledged":true}"#, token: candidate)
            #expect(create.json["code"] as? String == "cycle_closed")
            let current = try await h.request(.get, "/api/v1/trial/cycles/current", token: candidate)
            #expect(current.status == .notFound)
            #expect(current.json["code"] as? String == "no_open_cycle")

            let (unitToken, _) = try await h.loginByWeChat("user-registrant-301")
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: unitToken).status == .ok)
            h.clock.advance(by: 30 * 86_400)  // 2026-08-07: reviews closed too
            let (unitLater, _) = try await h.loginByWeChat("user-registrant-301")
            let tooLate = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/allow-modification", json: #"{"reason":"x"}"#, token: unitLater
            )
            #expect(tooLate.status == .conflict)
            #expect(tooLate.json["code"] as? String == "review_closed")
        }
    }

    @Test func aWithdrawalRacingAnApprovalHasExactlyOneWinner() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            for round in 0..<8 {
                let id = round == 0 ? try await h.submittedDeclaration(p) : try await resubmitted(h, p)
                // Five withdrawals and five approvals at once: whichever comes first wins, every other is 409.
                let results = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                    for _ in 0..<5 {
                        group.addTask { ("withdraw", try await h.request(.post, "/api/v1/trial/applications/\(id)/withdraw", token: p.candidate).status) }
                        group.addTask { ("approve", try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken).status) }
                    }
                    return try await group.reduce(into: [(String, HTTPResponse.Status)]()) { $0.append($1) }
                }
                let winners = results.filter { $0.1 == .ok }
                #expect(winners.count == 1, "round \(round): \(results)")
                #expect(results.filter { $0.1 != .ok }.allSatisfy { $0.1 == .conflict }, "round \(round): \(results)")
                let statuses = ["approve": winners.first?.0 == "approve" ? HTTPResponse.Status.ok : .conflict]
                let stored = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate)
                #expect(stored.json["status"] as? String == (statuses["approve"] == .ok ? "approved" : "draft"))
            }
        }
    }

    /// Back to `submitted` from whatever the race left: withdrawn (draft) or approved.
    private func resubmitted(_ h: AppHarness, _ p: AppHarness.TrialParties) async throws -> String {
        let list = try await h.request(.get, "/api/v1/trial/applications", token: p.candidate)
        let id = try #require((list.json["items"] as? [[String: Any]])?.first?["id"] as? String)
        var current = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate)
        if current.json["status"] as? String == "approved" {
            current = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/allow-modification", json: #"{"reason":"再来一次"}"#, token: p.unitToken
            )
        }
        let version = try #require(current.json["version"] as? Int)
        let submitted = try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":\#(version)}"#, token: p.candidate)
        #expect(submitted.status == .ok, "\(submitted.text)")
        return id
    }
}
