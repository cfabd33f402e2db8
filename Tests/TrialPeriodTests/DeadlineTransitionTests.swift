import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 26, item 3: no candidate stranded by a deadline. Every transition of a declaration, tried one
/// second before and at each of the cycle's two deadlines (the window's close and the units' review
/// deadline), with the harness clock moved there.
/// Serialized: each case moves through the four moments with four candidates, and twelve of them at
/// once would starve the suites that measure timeouts.
@Suite("Declarations at each side of the window's close and the review deadline", .serialized, .timeLimit(.minutes(10)))
struct DeadlineTransitionTests {
    /// The 2026 cycle of `AppHarness.cycleBody()`: the window closes at 2026-06-30 23:59:59 (China), the
    /// units review until 2026-07-31 23:59:59. Both are exclusive: at the instant itself it is over.
    static let closesAt = ISO8601DateFormatter().date(from: "2026-06-30T23:59:59+08:00")!
    static let reviewDeadline = ISO8601DateFormatter().date(from: "2026-07-31T23:59:59+08:00")!

    enum Moment: String, CaseIterable, Sendable {
        case beforeClose, atClose, beforeReviewDeadline, atReviewDeadline

        var instant: Date {
            switch self {
            case .beforeClose: DeadlineTransitionTests.closesAt.addingTimeInterval(-1)
            case .atClose: DeadlineTransitionTests.closesAt
            case .beforeReviewDeadline: DeadlineTransitionTests.reviewDeadline.addingTimeInterval(-1)
            case .atReviewDeadline: DeadlineTransitionTests.reviewDeadline
            }
        }
    }

    /// Each transition of the machine, named by the state it starts from.
    enum Transition: String, CaseIterable, Sendable {
        case createDraft, editDraft, submitDraft, withdrawSubmitted
        case editReturned, submitReturned, editReopened, submitReopened
        case approveSubmitted, returnSubmitted, allowModificationOfApproved, undoModification

        /// nil: allowed at `moment`; else the 409's code.
        func refusal(at moment: Moment) -> String? {
            switch self {
            case .createDraft, .editDraft, .submitDraft, .withdrawSubmitted:
                // The candidate's own declaration: only while the window is open.
                moment == .beforeClose ? nil : "cycle_closed"
            case .editReturned, .submitReturned, .editReopened, .submitReopened:
                // Sent back by the unit: the candidate may act until the review deadline.
                moment == .atReviewDeadline ? "cycle_closed" : nil
            case .approveSubmitted, .returnSubmitted, .allowModificationOfApproved, .undoModification:
                moment == .atReviewDeadline ? "review_closed" : nil
            }
        }

        /// The status it leads to.
        var after: String {
            switch self {
            case .createDraft, .editDraft, .withdrawSubmitted: "draft"
            case .submitDraft, .submitReturned, .submitReopened: "submitted"
            case .editReturned, .returnSubmitted: "returned"
            case .editReopened, .allowModificationOfApproved: "modification_allowed"
            case .approveSubmitted, .undoModification: "approved"
            }
        }

        /// The status before, as the setup leaves it (nil: no declaration yet).
        var before: String? {
            switch self {
            case .createDraft: nil
            case .editDraft, .submitDraft: "draft"
            case .withdrawSubmitted, .approveSubmitted, .returnSubmitted: "submitted"
            case .editReturned, .submitReturned: "returned"
            case .editReopened, .submitReopened, .undoModification: "modification_allowed"
            case .allowModificationOfApproved: "approved"
            }
        }
    }

    /// One candidate per moment, each with the starting state set up while the window is open
    /// (2026-05-29); then the clock moves through the moments in order and each candidate's transition is
    /// tried at theirs.
    @Test(arguments: Transition.allCases)
    func eachTransitionIsAllowedExactlyUntilItsDeadline(_ transition: Transition) async throws {
        try await AppHarness.run { h in
            // Four candidates of one unit: the first from `trialParties`, three more bound to the same unit.
            let p = try await h.trialParties()
            var candidates = [p.candidate]
            for serial in 2...4 {
                let (token, _) = try await h.verifiedCandidate("user-trial-\(serial)", serial: 700 + serial, name: "王小明")
                #expect(try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"01"}"#, token: token).status == .ok)
                let bound = try await h.bind(token, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken))
                #expect(bound.status == .ok, "\(bound.text)")
                candidates.append(token)
            }
            var ids: [String?] = []
            for token in candidates {
                if let before = transition.before { ids.append(try await Self.declaration(in: before, h, p, candidate: token)) } else { ids.append(nil) }
            }
            for (index, moment) in Moment.allCases.enumerated() {
                let id = ids[index]
                h.clock.advance(by: moment.instant.timeIntervalSince(h.clock.now()))
                // Sessions idle out over weeks: both sides sign in again at the moment.
                let (candidate, _) = try await h.loginByWeChat("user-trial-\(index + 1)")
                let (unit, _) = try await h.loginByWeChat("user-registrant-301")
                let response = try await Self.perform(transition, id: id, h, p, candidate: candidate, unit: unit)

                if let code = transition.refusal(at: moment) {
                    #expect(response.status == .conflict, "\(transition) at \(moment): \(response.text)")
                    #expect(response.json["code"] as? String == code, "\(transition) at \(moment): \(response.text)")
                    if let id {
                        let stored = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: candidate)
                        #expect(stored.json["status"] as? String == transition.before, "\(transition) at \(moment): unchanged")
                    }
                } else {
                    #expect(response.status == .ok || response.status == .created, "\(transition) at \(moment): \(response.text)")
                    #expect(response.json["status"] as? String == transition.after, "\(transition) at \(moment): \(response.text)")
                }
            }
        }
    }

    /// What the candidate is told they may do follows the same deadlines.
    @Test func aReturnedDeclarationOffersEditAndSubmitUntilTheReviewDeadline() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await Self.declaration(in: "returned", h, p)
            for moment in Moment.allCases {
                h.clock.advance(by: moment.instant.timeIntervalSince(h.clock.now()))
                let (candidate, _) = try await h.loginByWeChat("user-trial-1")
                let shown = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: candidate)
                #expect(shown.json["allowedActions"] as? [String] == (moment == .atReviewDeadline ? [] : ["edit", "submit"]), "\(moment)")
            }
        }
    }

    /// A declaration resubmitted after the window closed stays with the unit: withdrawing it would
    /// leave a draft that nobody can submit any more.
    @Test func aDeclarationResubmittedAfterTheWindowCannotBeWithdrawnButIsApproved() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await Self.declaration(in: "returned", h, p)
            h.clock.advance(by: Moment.beforeReviewDeadline.instant.timeIntervalSince(h.clock.now()) - 86_400)
            let (candidate, _) = try await h.loginByWeChat("user-trial-1")
            let (unit, _) = try await h.loginByWeChat("user-registrant-301")
            let version = try #require(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: candidate).json["version"] as? Int)
            let submitted = try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":\#(version)}"#, token: candidate)
            #expect(submitted.status == .ok, "\(submitted.text)")
            #expect(submitted.json["allowedActions"] as? [String] == [])
            let withdrawn = try await h.request(.post, "/api/v1/trial/applications/\(id)/withdraw", token: candidate)
            #expect(withdrawn.json["code"] as? String == "cycle_closed")
            let approved = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: unit)
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved.json["status"] as? String == "approved")
        }
    }

    // MARK: Steps

    /// A declaration of `candidate` (by default the parties' own) in `status`.
    static func declaration(in status: String, _ h: AppHarness, _ p: AppHarness.TrialParties, candidate: String? = nil) async throws -> String {
        let token = candidate ?? p.candidate
        let id = try await h.createDeclaration(token)
        // A complete draft, so that submitting it is refused for its timing only.
        let saved = try await h.request(.put, "/api/v1/trial/applications/\(id)", json: AppHarness.declarationBody(version: 1, unitName: p.unitName), token: token)
        #expect(saved.status == .ok, "\(saved.text)")
        if status == "draft" { return id }
        let version = try #require(saved.json["version"] as? Int)
        let submitted = try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":\#(version)}"#, token: token)
        #expect(submitted.status == .ok, "\(submitted.text)")
        let unit = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
        switch status {
        case "submitted": break
        case "returned":
            #expect(try await h.request(.post, unit + "/return", json: #"{"reason":"请补充材料"}"#, token: p.unitToken).status == .ok)
        case "approved", "modification_allowed":
            #expect(try await h.request(.post, unit + "/approve", token: p.unitToken).status == .ok)
            if status == "modification_allowed" {
                #expect(try await h.request(.post, unit + "/allow-modification", json: #"{"reason":"可更正"}"#, token: p.unitToken).status == .ok)
            }
        default: Issue.record("no setup for \(status)")
        }
        return id
    }

    static func perform(
        _ transition: Transition, id: String?, _ h: AppHarness, _ p: AppHarness.TrialParties, candidate: String, unit: String
    ) async throws -> TestResponse {
        let own = "/api/v1/trial/applications/\(id ?? "")"
        let review = "/api/v1/units/\(p.unit)/trial-applications/\(id ?? "")"
        func version() async throws -> Int {
            try #require(try await h.request(.get, own, token: candidate).json["version"] as? Int)
        }
        switch transition {
        case .createDraft:
            return try await h.request(
                .post, "/api/v1/trial/applications", json: #"{"level":"physician","category":"clinical","noticeAcknowledged":true}"#, token: candidate
            )
        case .editDraft, .editReturned, .editReopened:
            let current = try await version()
            return try await h.request(.put, own, json: AppHarness.declarationBody(version: current, unitName: p.unitName), token: candidate)
        case .submitDraft, .submitReturned, .submitReopened:
            let current = try await version()
            return try await h.request(.post, own + "/submit", json: #"{"version":\#(current)}"#, token: candidate)
        case .withdrawSubmitted:
            return try await h.request(.post, own + "/withdraw", token: candidate)
        case .approveSubmitted:
            return try await h.request(.post, review + "/approve", token: unit)
        case .returnSubmitted:
            return try await h.request(.post, review + "/return", json: #"{"reason":"请补充材料"}"#, token: unit)
        case .allowModificationOfApproved:
            return try await h.request(.post, review + "/allow-modification", json: #"{"reason":"可更正"}"#, token: unit)
        case .undoModification:
            return try await h.request(.post, review + "/allow-modification/undo", token: unit)
        }
    }
}
