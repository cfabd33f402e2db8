import AppTestSupport
import Foundation
import HTTPTypes
import Postgres
import Testing

@Suite("Exam information: the unit enters, the candidate confirms or disputes", .timeLimit(.minutes(5)))
struct RecordJourneyTests {
    @Test func beforeTheUnitEntersAnythingTheCandidateSeesNotEntered() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let mine = try await h.myRecord(p.candidate)
            #expect(mine.status == .ok, "\(mine.text)")
            #expect(mine.json["status"] as? String == "not_entered")
            #expect(mine.json["content"] is NSNull)
            #expect((mine.json["candidate"] as? [String: Any])?["realName"] as? String == "王小明")
            #expect((mine.json["unit"] as? [String: Any])?["name"] as? String == p.unitName)
            let confirm = try await h.confirmRecord(p.candidate, version: 1)
            #expect(confirm.status == .conflict)
            #expect(confirm.json["code"] as? String == "not_entered")
        }
    }

    @Test func theCandidateConfirmsExactlyTheVersionTheUnitEntered() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let saved = try await h.saveRecord(p, AppHarness.recordBody(title: AppHarness.titleJSON, trial: AppHarness.trialJSON))
            #expect(saved.status == .created)
            #expect(saved.json["version"] as? Int == 1)
            #expect(saved.json["status"] as? String == "awaiting_confirmation")

            let mine = try await h.myRecord(p.candidate)
            #expect(mine.json["status"] as? String == "awaiting_confirmation")
            let content = try #require(mine.json["content"] as? [String: Any])
            #expect((content["education"] as? [String: Any])?["school"] as? String == "华中科技大学")
            #expect((content["trial"] as? [String: Any])?["supervisorName"] as? String == "李医生")
            #expect(mine.json["allowedActions"] as? [String] == ["confirm", "dispute"])
            // No face uploaded yet: the certificate pictures are still to come (未上传).
            #expect(mine.json["missingAttachments"] as? [String] == ["education.certificateAttachmentId", "title.frontAttachmentId", "title.backAttachmentId"])
            let hash = try #require(mine.json["contentHash"] as? String)

            let before = try await h.request(.get, "/api/v1/me", token: p.candidate)
            let summary = try #require(before.json["examRecord"] as? [String: Any])
            #expect(summary["year"] as? Int == 2026)
            #expect(summary["status"] as? String == "awaiting_confirmation")
            let confirmed = try await h.confirmRecord(p.candidate, version: 1)
            #expect(confirmed.status == .ok, "\(confirmed.text)")
            let after = try await h.request(.get, "/api/v1/me", token: p.candidate)
            #expect((after.json["examRecord"] as? [String: Any])?["status"] as? String == "confirmed")
            #expect(confirmed.json["status"] as? String == "confirmed")
            #expect(confirmed.json["confirmedVersion"] as? Int == 1)
            // The audit event names the version and its content hash, so the confirmation can be proven.
            let details = try await h.database.query(
                "SELECT details->>'version' AS version, details->>'content_hash' AS hash FROM audit.events WHERE action = 'exam_record.confirm'"
            )
            #expect(details.count == 1)
            #expect(try details.first?.decode(String.self, "version") == "1")
            #expect(try details.first?.decode(String.self, "hash") == hash)
            let again = try await h.confirmRecord(p.candidate, version: 1)
            #expect(again.json["code"] as? String == "invalid_transition")
            #expect(again.json["currentStatus"] as? String == "confirmed")
        }
    }

    @Test func aDisputeIsAnsweredByACorrectionAndOnlyTheNewVersionCanBeConfirmed() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            let dispute = try await h.request(
                .post, "/api/v1/exam-records/2026/me/disputes", json: #"{"message":"毕业学校应为武汉大学","fields":["education.school"]}"#, token: p.candidate
            )
            #expect(dispute.status == .created, "\(dispute.text)")
            #expect(dispute.json["status"] as? String == "disputed")

            // The unit sees the open dispute in its list.
            let list = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records?year=2026", token: p.unitToken)
            let item = try #require((list.json["items"] as? [[String: Any]])?.first)
            #expect(item["status"] as? String == "disputed")
            let open = try #require(item["openDispute"] as? [String: Any])
            #expect(open["message"] as? String == "毕业学校应为武汉大学")
            #expect(open["fields"] as? [String] == ["education.school"])

            let corrected = AppHarness.educationJSON.replacingOccurrences(of: "华中科技大学", with: "武汉大学")
            let stale = try await h.request(.put, h.recordPath(p), json: AppHarness.recordBody(education: corrected), token: p.unitToken)
            #expect(stale.status == .conflict, "a save without the version it replaces")
            #expect(stale.json["code"] as? String == "version_conflict")
            try await h.saveRecord(p, AppHarness.recordBody(version: 1, note: "已更正毕业学校", education: corrected))

            let mine = try await h.myRecord(p.candidate)
            #expect(mine.json["status"] as? String == "awaiting_confirmation")
            #expect(mine.json["version"] as? Int == 2)
            let last = try #require(mine.json["lastDispute"] as? [String: Any])
            #expect(last["answeredByVersion"] as? Int == 2)
            #expect(last["reply"] as? String == "已更正毕业学校")

            let old = try await h.confirmRecord(p.candidate, version: 1)
            #expect(old.status == .conflict)
            #expect(old.json["code"] as? String == "version_conflict")
            let new = try await h.confirmRecord(p.candidate, version: 2)
            #expect(new.status == .ok)
            #expect(new.json["status"] as? String == "confirmed")
        }
    }

    @Test func theUnitReadsEveryVersionAndTheDifferenceBetweenTwo() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            let corrected = AppHarness.educationJSON.replacingOccurrences(of: "华中科技大学", with: "武汉大学")
            try await h.saveRecord(p, AppHarness.recordBody(version: 1, education: corrected, trial: AppHarness.trialJSON))
            let versions = try await h.request(.get, h.recordPath(p) + "/versions", token: p.unitToken)
            let items = try #require(versions.json["items"] as? [[String: Any]])
            #expect(items.map { $0["version"] as? Int } == [2, 1])
            #expect((items[0]["changedFields"] as? [String])?.contains("education.school") == true)

            let second = try await h.request(.get, h.recordPath(p) + "/versions/2", token: p.unitToken)
            #expect(second.json["comparedTo"] as? Int == 1)
            let changes = try #require(second.json["changes"] as? [[String: Any]])
            let school = try #require(changes.first { $0["field"] as? String == "education.school" })
            #expect(school["from"] as? String == "华中科技大学")
            #expect(school["to"] as? String == "武汉大学")
            #expect(changes.contains { $0["field"] as? String == "trial.supervisorName" && $0["from"] is NSNull })
            let first = try await h.request(.get, h.recordPath(p) + "/versions/1?compareTo=2", token: p.unitToken)
            #expect((first.json["changes"] as? [[String: Any]])?.first { $0["field"] as? String == "education.school" }?["to"] as? String == "华中科技大学")
            #expect(try await h.request(.get, h.recordPath(p) + "/versions/3", token: p.unitToken).status == .notFound)
        }
    }

    @Test func theCandidateAttachesACertificateFaceWithoutANewVersion() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p, AppHarness.recordBody(title: AppHarness.titleJSON))
            let upload = try await h.upload(Samples.jpeg(seed: 41), purpose: "title_certificate", token: p.candidate)
            let id = try #require(upload.json["id"] as? String)
            let wrongPath = try await h.request(
                .put, "/api/v1/exam-records/2026/me/attachments", json: #"{"path":"practiceCertificate.frontAttachmentId","attachmentId":"\#(id)"}"#,
                token: p.candidate
            )
            #expect(wrongPath.status == .unprocessableContent)
            #expect(AppHarness.codes(wrongPath) == ["unknown_path"])
            let wrongPurpose = try await h.request(
                .put, "/api/v1/exam-records/2026/me/attachments", json: #"{"path":"education.certificateAttachmentId","attachmentId":"\#(id)"}"#,
                token: p.candidate
            )
            #expect(AppHarness.codes(wrongPurpose) == ["wrong_attachment_purpose"])
            let attached = try await h.request(
                .put, "/api/v1/exam-records/2026/me/attachments", json: #"{"path":"title.frontAttachmentId","attachmentId":"\#(id)"}"#, token: p.candidate
            )
            #expect(attached.status == .ok, "\(attached.text)")
            #expect(attached.json["version"] as? Int == 1)
            #expect((attached.json["missingAttachments"] as? [String])?.contains("title.frontAttachmentId") == false)
            // The unit may read the candidate's upload.
            #expect(try await h.request(.get, "/api/v1/attachments/\(id)", token: p.unitToken).status == .ok)
            let unitView = try await h.request(.get, h.recordPath(p), token: p.unitToken)
            #expect((unitView.json["candidateAttachments"] as? [[String: Any]])?.first?["attachmentId"] as? String == id)
        }
    }

    @Test func theUnitsListCountsEveryBoundCandidateIncludingThoseNotEntered() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (other, _) = try await h.verifiedCandidate("user-record-2", serial: 812, name: "赵六")
            let bound = try await h.bind(other, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken))
            #expect(bound.status == .ok)
            try await h.saveRecord(p)
            let list = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records?year=2026", token: p.unitToken)
            #expect(list.status == .ok, "\(list.text)")
            let counts = try #require(list.json["counts"] as? [String: Int])
            #expect(counts["not_entered"] == 1)
            #expect(counts["awaiting_confirmation"] == 1)
            #expect(counts["confirmed"] == 0)
            let waiting = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records?year=2026&status=not_entered", token: p.unitToken)
            let items = try #require(waiting.json["items"] as? [[String: Any]])
            #expect(items.map { $0["realName"] as? String } == ["赵六"])
            #expect((items.first?["documentNumber"] as? String)?.contains("*") == true)
            let page = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records?year=2026&limit=1", token: p.unitToken)
            let cursor = try #require(page.json["nextCursor"] as? String)
            let next = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records?year=2026&limit=1&cursor=\(cursor)", token: p.unitToken)
            #expect((next.json["items"] as? [[String: Any]])?.count == 1)
            #expect(next.json["nextCursor"] is NSNull)
            let named = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records?year=2026&q=%E8%B5%B5", token: p.unitToken)
            #expect((named.json["items"] as? [[String: Any]])?.map { $0["realName"] as? String } == ["赵六"])
        }
    }
}
