import AppTestSupport
import Foundation
import HTTPTypes
import Postgres
import Testing

@Suite("Exam information: prefill from the approved declaration, reference lists, export views", .timeLimit(.minutes(5)))
struct PrefillAndExportTests {
    @Test func theTrialSectionIsPrefilledFromTheApprovedDeclaration() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let none = try await h.request(.get, h.recordPath(p) + "/prefill", token: p.unitToken)
            #expect(none.status == .ok)
            #expect(none.json["trial"] is NSNull)
            let id = try await h.submittedDeclaration(p)
            // Submitted is not approved: still nothing to prefill.
            #expect(try await h.request(.get, h.recordPath(p) + "/prefill", token: p.unitToken).json["trial"] is NSNull)
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken).status == .ok)
            let prefill = try await h.request(.get, h.recordPath(p) + "/prefill", token: p.unitToken)
            let trial = try #require(prefill.json["trial"] as? [String: Any])
            #expect(trial["category"] as? String == "clinical")
            #expect(trial["startDate"] as? String == "2025-05-01")
            #expect(trial["position"] as? String == "住院医师")
            #expect(trial["supervisorName"] as? String == "李医生")
            #expect(trial["institutionName"] as? String == p.unitName)
            #expect(trial["freshGraduate"] as? Bool == false)
            #expect(trial["endDate"] is NSNull)
        }
    }

    @Test func theReferenceListsCarryTheRecordsCodes() async throws {
        try await AppHarness.run { h in
            let reference = try await h.request(.get, "/api/v1/reference")
            #expect(reference.status == .ok)
            let text = reference.text
            for name in ["titleSeries", "titleLevels", "titleObtainedBy", "titleRoutes", "majorTypes", "examRecordStatuses"] {
                #expect(text.contains("\"\(name)\""), "\(name)")
            }
            #expect(text.contains("初级(士)"))
            #expect(text.contains("考评结合"))
        }
    }

    @Test func theExportViewsShowConfirmedRecordsAndEveryBoundCandidatesStatus() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (other, otherAccount) = try await h.verifiedCandidate("user-record-4", serial: 814, name: "孙八")
            #expect(try await h.bind(other, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken)).status == .ok)
            try await h.saveRecord(p, AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON(number: "Q-PHYS-1")]))
            #expect(try await h.confirmRecord(p.candidate, version: 1).status == .ok)

            let confirmed = try await h.database.query(
                "SELECT candidate_name, school, physician_qualification_number, confirmed_version, content_hash FROM export.exam_records WHERE year = 2026"
            )
            #expect(confirmed.count == 1)
            #expect(try confirmed.first?.decode(String.self, "candidate_name") == "王小明")
            #expect(try confirmed.first?.decode(String.self, "school") == "华中科技大学")
            #expect(try confirmed.first?.decode(String.self, "physician_qualification_number") == "Q-PHYS-1")
            let hash = try #require(try await h.myRecord(p.candidate).json["contentHash"] as? String)
            #expect(try confirmed.first?.decode(String.self, "content_hash") == hash)

            let statuses = try await h.database.query(
                "SELECT account_id::text AS account, status FROM export.exam_record_status WHERE year = 2026 AND institution_id = $1::uuid ORDER BY status",
                [p.unit]
            )
            let byAccount = Dictionary(uniqueKeysWithValues: try statuses.map { (try $0.decode(String.self, "account"), try $0.decode(String.self, "status")) })
            #expect(byAccount == [p.account: "confirmed", otherAccount: "not_entered"])

            // A correction after the confirmation takes the record out of the confirmed export.
            try await h.saveRecord(p, AppHarness.recordBody(version: 1))
            #expect(try await h.database.query("SELECT 1 FROM export.exam_records").isEmpty)
        }
    }
}
