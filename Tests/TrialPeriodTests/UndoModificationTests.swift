import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 26, item 3: the unit takes its 允许修改 back (`modification_allowed → approved`) while the
/// candidate has changed nothing; once they have, the reopening stands.
@Suite("Undoing 允许修改", .timeLimit(.minutes(5)))
struct UndoModificationTests {
    @Test func theUnitUndoesItsReopeningWhileTheCandidateChangedNothing() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await reopened(h, p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            let approvedAt = try #require(try await h.request(.get, review, token: p.unitToken).json["approvedAt"] as? String)
            #expect(try await h.request(.get, review, token: p.unitToken).json["allowedActions"] as? [String] == ["undo_modification"])

            let undone = try await h.request(.post, review + "/allow-modification/undo", token: p.unitToken)
            #expect(undone.status == .ok, "\(undone.text)")
            #expect(undone.json["status"] as? String == "approved")
            // The approval stands as it was given: its time is not the undo's.
            #expect(undone.json["approvedAt"] as? String == approvedAt)
            #expect(undone.json["allowedActions"] as? [String] == ["allow_modification"])
            #expect(try await h.auditActions().filter { $0 == "trial.application.undo_modification" }.count == 1)
            // The candidate sees it in their progress, and may no longer edit.
            let events = try await h.request(.get, "/api/v1/trial/applications/\(id)/events", token: p.candidate)
            let last = try #require((events.json["items"] as? [[String: Any]])?.last)
            #expect(last["action"] as? String == "undo_modification")
            #expect(last["fromStatus"] as? String == "modification_allowed")
            #expect(last["toStatus"] as? String == "approved")
            #expect(last["actorRole"] as? String == "unit")
            let mine = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate)
            #expect(mine.json["allowedActions"] as? [String] == [])
        }
    }

    @Test func onceTheCandidateSavedAChangeTheUndoIsRefused() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await reopened(h, p)
            let version = try #require(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json["version"] as? Int)
            let edited = try await h.request(
                .put, "/api/v1/trial/applications/\(id)", json: AppHarness.declarationBody(version: version, unitName: p.unitName), token: p.candidate
            )
            #expect(edited.status == .ok, "\(edited.text)")
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            #expect(try await h.request(.get, review, token: p.unitToken).json["allowedActions"] as? [String] == [])
            let refused = try await h.request(.post, review + "/allow-modification/undo", token: p.unitToken)
            #expect(refused.status == .conflict)
            #expect(refused.json["code"] as? String == "declaration_modified")
            #expect(try await h.request(.get, review, token: p.unitToken).json["status"] as? String == "modification_allowed")
            #expect(try await h.auditActions().contains("trial.application.undo_modification") == false)
        }
    }

    @Test func onlyAReopenedDeclarationCanBeUndone() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            let submitted = try await h.request(.post, review + "/allow-modification/undo", token: p.unitToken)
            #expect(submitted.status == .conflict)
            #expect(submitted.json["code"] as? String == "invalid_transition")
            #expect(submitted.json["currentStatus"] as? String == "submitted")
            #expect(try await h.request(.post, review + "/approve", token: p.unitToken).status == .ok)
            let approved = try await h.request(.post, review + "/allow-modification/undo", token: p.unitToken)
            #expect(approved.json["code"] as? String == "invalid_transition")
            #expect(approved.json["currentStatus"] as? String == "approved")
        }
    }

    /// The undo against the candidate's edit or submission, fired together: exactly one wins, every
    /// other request is a 409, never a 5xx.
    @Test(arguments: ["edit", "submit"])
    func anUndoRacingTheCandidateHasExactlyOneWinner(_ move: String) async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await reopened(h, p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            let own = "/api/v1/trial/applications/\(id)"
            for round in 0..<6 {
                let version = try #require(try await h.request(.get, own, token: p.candidate).json["version"] as? Int)
                let (method, path, body): (HTTPRequest.Method, String, String) = move == "edit"
                    ? (.put, own, AppHarness.declarationBody(version: version, unitName: p.unitName))
                    : (.post, own + "/submit", #"{"version":\#(version)}"#)
                let results = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status, String?).self) { group in
                    for _ in 0..<3 {
                        group.addTask {
                            let response = try await h.request(.post, review + "/allow-modification/undo", token: p.unitToken)
                            return ("undo", response.status, response.json["code"] as? String)
                        }
                        group.addTask {
                            let response = try await h.request(method, path, json: body, token: p.candidate)
                            return (move, response.status, response.json["code"] as? String)
                        }
                    }
                    return try await group.reduce(into: [(String, HTTPResponse.Status, String?)]()) { $0.append($1) }
                }
                let winners = results.filter { $0.1 == .ok }
                #expect(winners.count == 1, "round \(round): \(results)")
                #expect(results.filter { $0.1 != .ok }.allSatisfy { $0.1 == .conflict }, "round \(round): \(results)")
                let status = try await h.request(.get, review, token: p.unitToken).json["status"] as? String
                let expected = winners.first?.0 == "undo" ? "approved" : (move == "edit" ? "modification_allowed" : "submitted")
                #expect(status == expected, "round \(round): \(results)")
                // Back to an unchanged reopening for the next round.
                if status == "modification_allowed" {
                    let current = try #require(try await h.request(.get, own, token: p.candidate).json["version"] as? Int)
                    #expect(try await h.request(.post, own + "/submit", json: #"{"version":\#(current)}"#, token: p.candidate).status == .ok)
                }
                if status != "approved" { #expect(try await h.request(.post, review + "/approve", token: p.unitToken).status == .ok) }
                #expect(try await h.request(.post, review + "/allow-modification", json: #"{"reason":"再来一次"}"#, token: p.unitToken).status == .ok)
            }
        }
    }

    /// A declaration approved and then reopened (允许修改) by the unit.
    private func reopened(_ h: AppHarness, _ p: AppHarness.TrialParties) async throws -> String {
        let id = try await h.submittedDeclaration(p)
        let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
        #expect(try await h.request(.post, review + "/approve", token: p.unitToken).status == .ok)
        let reopened = try await h.request(.post, review + "/allow-modification", json: #"{"reason":"可更正毕业证书编号"}"#, token: p.unitToken)
        #expect(reopened.status == .ok, "\(reopened.text)")
        return id
    }
}
