import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("The trial declaration journey (试用期申报): draft, submit, the unit's review", .timeLimit(.minutes(3)))
struct DeclarationJourneyTests {
    @Test func aCandidateDeclaresAndTheUnitApprovesAfterConfirmingThePreviousInstitution() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let current = try await h.request(.get, "/api/v1/trial/cycles/current", token: p.candidate)
            #expect(current.status == .ok)
            #expect(current.json["year"] as? Int == 2026)
            #expect(current.json["trialCompletionDeadline"] as? String == "2026-08-31")

            let id = try await h.createDeclaration(p.candidate)
            let draft = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate)
            #expect(draft.json["status"] as? String == "draft")
            #expect(draft.json["noticeAcknowledgedAt"] is String)
            let applicant = try #require(draft.json["applicant"] as? [String: Any])
            #expect(applicant["realName"] as? String == "王小明")
            #expect(applicant["ethnicity"] as? String == "01")
            #expect(applicant["documentNumber"] as? String == AppHarness.residentID(serial: 701))  // the owner sees it whole
            #expect((draft.json["declaringUnit"] as? [String: Any])?["name"] as? String == p.unitName)
            #expect(draft.json["allowedActions"] as? [String] == ["edit", "submit"])

            let body = AppHarness.declarationBody(version: 1, unitName: p.unitName, entries: [
                AppHarness.entry("武汉市第三医院", start: "2024-07-01", end: "2025-07-31", current: false),
                AppHarness.entry(p.unitName, start: "2025-08-01", end: nil, current: true),
            ])
            let submitted = try await h.saveAndSubmit(p.candidate, id, body: body)
            #expect(submitted.status == .ok, "\(submitted.text)")
            #expect(submitted.json["status"] as? String == "submitted")
            #expect(submitted.json["allowedActions"] as? [String] == ["withdraw"])

            // The unit's list and detail: full document number, counts per status.
            let list = try await h.request(.get, "/api/v1/units/\(p.unit)/trial-applications?cycle=2026", token: p.unitToken)
            #expect(list.status == .ok)
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            #expect((list.json["counts"] as? [String: Int])?["submitted"] == 1)
            let detail = try await h.request(.get, "/api/v1/units/\(p.unit)/trial-applications/\(id)", token: p.unitToken)
            #expect((detail.json["applicant"] as? [String: Any])?["documentNumber"] as? String == AppHarness.residentID(serial: 701))

            // Approval needs the previous institution confirmed first.
            let early = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken)
            #expect(early.status == .conflict)
            #expect(early.json["code"] as? String == "previous_institutions_unconfirmed")
            let confirmed = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/trial-institutions/0/confirm", json: #"{"confirmed":true,"note":"已核实"}"#,
                token: p.unitToken
            )
            #expect(confirmed.status == .ok, "\(confirmed.text)")
            let entries = try #require(confirmed.json["trialInstitutions"] as? [[String: Any]])
            #expect((entries[0]["confirmation"] as? [String: Any])?["confirmed"] as? Bool == true)
            #expect(entries[1]["confirmation"] is NSNull)
            let approved = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken)
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved.json["status"] as? String == "approved")
            #expect(approved.json["allowedActions"] as? [String] == ["allow_modification"])

            let mine = try await h.request(.get, "/api/v1/trial/applications", token: p.candidate)
            #expect((mine.json["items"] as? [[String: Any]])?.first?["status"] as? String == "approved")
            let seen = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate)
            #expect(seen.json["allowedActions"] as? [String] == [])  // approved: read only
            let actions = try await h.auditActions()
            #expect(actions.contains("trial.application.submit") && actions.contains("trial.application.approve"))
        }
    }

    @Test func returnedDeclarationsAreEditedAndResubmittedAndTheProgressShowsTheUnitsReasons() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let returned = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"毕业证书编号有误"}"#, token: p.unitToken
            )
            #expect(returned.json["status"] as? String == "returned", "\(returned.text)")
            let version = try #require(returned.json["version"] as? Int)
            let resubmitted = try await h.saveAndSubmit(p.candidate, id, body: AppHarness.declarationBody(version: version, unitName: p.unitName))
            #expect(resubmitted.json["status"] as? String == "submitted", "\(resubmitted.text)")
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken).status == .ok)
            let reopened = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/allow-modification", json: #"{"reason":"请补充工作经历证明"}"#, token: p.unitToken
            )
            #expect(reopened.json["status"] as? String == "modification_allowed")
            #expect(reopened.json["approvedAt"] is String)  // the approval still stands until resubmitted

            let progress = try await h.request(.get, "/api/v1/trial/applications/\(id)/events", token: p.candidate)
            let items = try #require(progress.json["items"] as? [[String: Any]])
            #expect(items.map { $0["toStatus"] as? String } == ["draft", "submitted", "returned", "submitted", "approved", "modification_allowed"])
            #expect(items.map { $0["actorRole"] as? String } == ["candidate", "candidate", "unit", "candidate", "unit", "unit"])
            #expect(items[2]["reason"] as? String == "毕业证书编号有误")
            #expect(items[5]["reason"] as? String == "请补充工作经历证明")
            #expect(items.allSatisfy { $0["actor"] == nil && $0["actorId"] == nil })  // never the reviewer's identity
        }
    }

    @Test func aCandidateWithdrawsBeforeReviewAndTheUnitNoLongerSeesIt() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let withdrawn = try await h.request(.post, "/api/v1/trial/applications/\(id)/withdraw", token: p.candidate)
            #expect(withdrawn.json["status"] as? String == "draft", "\(withdrawn.text)")
            let list = try await h.request(.get, "/api/v1/units/\(p.unit)/trial-applications", token: p.unitToken)
            #expect((list.json["items"] as? [Any])?.isEmpty == true)
            #expect(try await h.request(.get, "/api/v1/units/\(p.unit)/trial-applications/\(id)", token: p.unitToken).status == .notFound)
        }
    }

    @Test func theDeclaringUnitReadsTheAttachmentsOnlyOnceSubmitted() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let proof = try #require(try await h.upload(Samples.jpeg(seed: 9), purpose: "other_proof", token: p.candidate).json["id"] as? String)
            let id = try await h.createDeclaration(p.candidate)
            let body = AppHarness.declarationBody(version: 1, unitName: p.unitName, attachments: [("other_proof", proof)])
            #expect(try await h.request(.put, "/api/v1/trial/applications/\(id)", json: body, token: p.candidate).status == .ok)
            #expect(try await h.request(.get, "/api/v1/attachments/\(proof)", token: p.unitToken).status == .notFound)
            #expect(try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":2}"#, token: p.candidate).status == .ok)
            let detail = try await h.request(.get, "/api/v1/units/\(p.unit)/trial-applications/\(id)", token: p.unitToken)
            let href = try #require((detail.json["attachments"] as? [[String: Any]])?.first?["href"] as? String)
            #expect(try await h.request(.get, href, token: p.unitToken).status == .ok)
            #expect(try await h.request(.post, "/api/v1/trial/applications/\(id)/withdraw", token: p.candidate).status == .ok)
            #expect(try await h.request(.get, href, token: p.unitToken).status == .notFound)
        }
    }
}
