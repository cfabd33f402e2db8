import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A unit administrator who is also a candidate of their unit: their own record is entered and
/// confirmed by two different people, as every other review is (`own_case`, 403).
@Suite("Exam information: nobody enters or confirms their own record", .timeLimit(.minutes(5)))
struct OwnRecordTests {
    /// The unit's administrator bound to their own unit as a candidate; answers their account id.
    func administratorAsCandidate(_ h: AppHarness, _ p: AppHarness.TrialParties) async throws -> String {
        #expect(try await h.bind(p.unitToken, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken)).status == .ok)
        return try #require(try await h.request(.get, "/api/v1/me", token: p.unitToken).json["id"] as? String)
    }

    @Test func anAdministratorCannotSaveTheirOwnRecord() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let own = try await administratorAsCandidate(h, p)
            let saved = try await h.request(.put, "/api/v1/units/\(p.unit)/exam-records/2026/\(own)", json: AppHarness.recordBody(), token: p.unitToken)
            #expect(saved.status == .forbidden, "\(saved.text)")
            #expect(saved.json["code"] as? String == "own_case")
            #expect(try await h.myRecord(p.unitToken).json["status"] as? String == "not_entered")
            #expect(!(try await h.auditActions()).contains("exam_record.save"))
        }
    }

    @Test func anImportRefusesTheLineOfTheAdministratorWhoImports() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            _ = try await administratorAsCandidate(h, p)
            // The registrant of the first unit is verified with serial 801 (see `approvedInstitution`).
            let csv = [AppHarness.importHeader, AppHarness.importRow(AppHarness.residentID(serial: 801)), AppHarness.importRow(AppHarness.residentID(serial: 701))]
                .joined(separator: "\n") + "\n"
            let report = try await h.client.execute(
                uri: "/api/v1/units/\(p.unit)/exam-records/2026/import", method: .post,
                headers: [.contentType: "text/csv", .authorization: "Bearer \(p.unitToken)"], body: ByteBuffer(string: csv)
            )
            #expect(report.status == .ok, "\(report.text)")
            let lines = try #require(report.json["lines"] as? [[String: Any]])
            #expect(lines.map { $0["outcome"] as? String } == ["invalid", "saved"])
            #expect(((lines[0]["errors"] as? [[String: Any]])?.map { $0["code"] as? String }) == ["own_case"])
            #expect(try await h.myRecord(p.unitToken).json["status"] as? String == "not_entered")
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "awaiting_confirmation")
        }
    }

    @Test func aVersionTheCandidateSavedThemselvesIsNotConfirmedByThem() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            // A version the candidate saved as their unit's administrator before such saves were
            // refused: written directly, as it would stand in the database.
            _ = try await h.database.execute(
                """
                INSERT INTO confirmation.record_versions
                    (record_id, version, content, content_hash, institution_id, saved_by, saved_at, source, note, changed_fields)
                SELECT record_id, 2, content, content_hash, institution_id, $1::uuid, saved_at, source, note, changed_fields
                FROM confirmation.record_versions WHERE version = 1
                """, [p.account]
            )
            _ = try await h.database.execute("UPDATE confirmation.records SET current_version = 2")
            let confirmed = try await h.confirmRecord(p.candidate, version: 2)
            #expect(confirmed.status == .forbidden, "\(confirmed.text)")
            #expect(confirmed.json["code"] as? String == "own_case")
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "awaiting_confirmation")
        }
    }
}
