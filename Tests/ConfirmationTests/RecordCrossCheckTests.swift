import AppTestSupport
@testable import Confirmation
import Contracts
import Foundation
import HTTPTypes
import Testing

/// Issue 26, item 7: what the record's sections say about each other, each problem at its JSON path.
@Suite("Exam information: the sections agree", .timeLimit(.minutes(5)))
struct RecordCrossCheckTests {
    static func practice(level: String = "physician", category: String = "clinical") -> String {
        #"{"level":"\#(level)","category":"\#(category)","issuedOn":"2025-04-01","issuingAuthority":"武汉市卫健委","practicePlace":"武汉市","number":null,"scope":"内科"}"#
    }

    static func trial(upgrade: Bool) -> String {
        AppHarness.trialJSON.replacingOccurrences(of: #""assistantUpgrade":false"#, with: #""assistantUpgrade":\#(upgrade)"#)
    }

    static let assistant = AppHarness.qualificationJSON(level: "assistant_physician", number: "Q2")

    /// (case, body, the problems as field → code; empty: saved)
    @Test(arguments: [
        ("upgrade with the assistant qualification", AppHarness.recordBody(qualifications: [assistant], trial: trial(upgrade: true)), [String: String]()),
        ("upgrade without any qualification", AppHarness.recordBody(trial: trial(upgrade: true)),
         ["trial.assistantUpgrade": "assistant_qualification_required"]),
        ("upgrade holding the physician qualification", AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON()], trial: trial(upgrade: true)),
         ["trial.assistantUpgrade": "assistant_qualification_required", "qualificationCertificates[0].level": "qualification_level_mismatch"]),
        ("upgrade holding both", AppHarness.recordBody(qualifications: [assistant, AppHarness.qualificationJSON()], trial: trial(upgrade: true)),
         ["qualificationCertificates[1].level": "qualification_level_mismatch"]),
        ("no upgrade, no qualification", AppHarness.recordBody(trial: trial(upgrade: false)), [:]),
        ("practice agreeing with the qualification", AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON()], practice: practice()), [:]),
        ("practice of another category", AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON()], practice: practice(category: "dental")),
         ["practiceCertificate.category": "practice_category_mismatch"]),
        ("practice at a level without a qualification",
         AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON()], practice: practice(level: "assistant_physician")),
         ["practiceCertificate.level": "qualification_level_mismatch"]),
        // Every problem at once: a certificate with a problem of its own still takes part.
        ("a certificate without its number, and practice of another category",
         AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON(number: "")], practice: practice(category: "dental")),
         ["qualificationCertificates[0].number": "required", "practiceCertificate.category": "practice_category_mismatch"]),
        ("upgrade holding the physician qualification without its number",
         AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON(number: "")], trial: trial(upgrade: true)),
         ["qualificationCertificates[0].number": "required", "trial.assistantUpgrade": "assistant_qualification_required",
          "qualificationCertificates[0].level": "qualification_level_mismatch"]),
        // A level nobody can read may be the assistant's: no conclusion that needs every level.
        ("upgrade with an unreadable level", AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON(level: "chief")], trial: trial(upgrade: true)),
         ["qualificationCertificates[0].level": "unknown_code"]),
        ("assistant practice with the assistant qualification",
         AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON(), assistant], practice: practice(level: "assistant_physician")), [:]),
    ])
    func theSectionsAreCheckedAgainstEachOther(_ name: String, _ body: String, _ problems: [String: String]) throws {
        // The rules are pure: the same input the PUT decodes, checked on 2026-05-29.
        let input = try JSONDecoder().decode(ExamRecordInput.self, from: Data(body.utf8))
        switch ExamRecordRules.content(input, attachments: [:], today: CalendarDate("2026-05-29")!) {
        case .success:
            #expect(problems.isEmpty, "\(name): saved, expected \(problems)")
        case .failure(let problem):
            let found = problem.errors.map { ($0.field, $0.code) }
            #expect(Dictionary(found, uniquingKeysWith: { first, _ in first }) == problems, "\(name): \(found)")
            #expect(found.count == problems.count, "\(name): \(found)")
            #expect(problem.errors.allSatisfy { $0.message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }, "Chinese messages")
        }
    }

    /// Over HTTP: the 422 names each problem at its path, and nothing is stored.
    @Test func aSaveWithSectionsThatDisagreeIsRefusedAtEachPath() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let body = AppHarness.recordBody(
                qualifications: [AppHarness.qualificationJSON()], practice: Self.practice(category: "dental"), trial: Self.trial(upgrade: true)
            )
            let refused = try await h.request(.put, h.recordPath(p), json: body, token: p.unitToken)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(Set(AppHarness.fields(refused)) == ["trial.assistantUpgrade", "qualificationCertificates[0].level", "practiceCertificate.category"])
            #expect(Set(AppHarness.codes(refused)) == ["assistant_qualification_required", "qualification_level_mismatch", "practice_category_mismatch"])
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "not_entered")
        }
    }
}
