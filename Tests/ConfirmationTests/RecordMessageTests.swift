import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 27: the candidate hears of each version of their exam information to confirm (entered one by
/// one or imported), and of their dispute answered; the unit's administrators hear of each dispute.
/// One message per record change, written on its transaction; none for a refused change.
@Suite("Exam information messages", .timeLimit(.minutes(5)))
struct RecordMessageTests {
    @Test func eachSavedVersionAsksTheCandidateToConfirmOnce() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            h.clock.advance(by: 60)
            try await h.saveRecord(p, AppHarness.recordBody(version: 1, note: "更正学校"))
            // A stale version is refused (409) and tells nobody.
            let stale = try await h.request(.put, h.recordPath(p), json: AppHarness.recordBody(version: 1), token: p.unitToken)
            #expect(stale.status == .conflict, "\(stale.text)")

            let items = try await h.inbox(p.candidate)
            #expect(items.map { $0["kind"] as? String } == ["exam_record_awaiting_confirmation", "exam_record_awaiting_confirmation"])
            #expect(items.map { $0["title"] as? String } == ["考试信息已更正，待确认", "考试信息待确认"])
            let link = try #require(items.first?["link"] as? [String: Any])
            #expect(link["type"] as? String == "exam_record")
            #expect(link["id"] as? String == String(AppHarness.recordYear))
            #expect(try await h.inboxKinds(p.unitToken) == ["registration_decided"])
        }
    }

    @Test func aDisputeTellsTheUnitAndTheAnsweringVersionTellsTheCandidate() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            let disputed = try await h.request(.post, "/api/v1/exam-records/2026/me/disputes", json: #"{"message":"毕业学校有误"}"#, token: p.candidate)
            #expect(disputed.status == .ok || disputed.status == .created, "\(disputed.text)")

            let unit = try await h.inbox(p.unitToken).filter { $0["kind"] as? String != "registration_decided" }
            #expect(unit.map { $0["kind"] as? String } == ["exam_record_disputed"])
            #expect((unit.first?["text"] as? String)?.contains("毕业学校有误") == true)
            let link = try #require(unit.first?["link"] as? [String: Any])
            #expect(link["type"] as? String == "console")
            #expect(link["id"] as? String == "/console/units/\(p.unit)/exam-records/2026/\(p.account)")

            h.clock.advance(by: 60)
            try await h.saveRecord(p, AppHarness.recordBody(version: 1))
            // The answering version is one message: the dispute answered.
            #expect(try await h.inboxKinds(p.candidate) == ["dispute_answered", "exam_record_awaiting_confirmation"])
        }
    }

    /// A dispute naming a field the record does not have is refused after the record is locked: its
    /// transaction rolls back and the unit is told nothing.
    @Test func aRefusedDisputeTellsTheUnitNothing() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            let refused = try await h.request(
                .post, "/api/v1/exam-records/2026/me/disputes", json: #"{"message":"有误","fields":["education.nonsense"]}"#, token: p.candidate
            )
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(try await h.inboxKinds(p.unitToken) == ["registration_decided"])
        }
    }

    @Test func anImportTellsEachCandidateWhoseRecordChangedOnce() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let csv = AppHarness.importHeader + "\n" + AppHarness.importRow(AppHarness.residentID(serial: 701)) + "\n"
            func importCSV() async throws -> TestResponse {
                try await h.client.execute(
                    uri: "/api/v1/units/\(p.unit)/exam-records/2026/import", method: .post,
                    headers: [.contentType: "text/csv", .authorization: "Bearer \(p.unitToken)"], body: ByteBuffer(string: csv)
                )
            }
            #expect(try await importCSV().json["saved"] as? Int == 1)
            // The same file again changes nothing and tells nobody.
            let again = try await importCSV()
            #expect(again.json["saved"] as? Int == 0, "\(again.text)")
            #expect(try await h.inboxKinds(p.candidate) == ["exam_record_awaiting_confirmation"])
        }
    }
}
