import AppTestSupport
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
        ("assistant practice with the assistant qualification",
         AppHarness.recordBody(qualifications: [AppHarness.qualificationJSON(), assistant], practice: practice(level: "assistant_physician")), [:]),
    ])
    func theSectionsAreCheckedAgainstEachOther(_ name: String, _ body: String, _ problems: [String: String]) async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let response = try await h.request(.put, h.recordPath(p), json: body, token: p.unitToken)
            if problems.isEmpty {
                #expect(response.status == .created, "\(name): \(response.text)")
            } else {
                #expect(response.status == .unprocessableContent, "\(name): \(response.text)")
                let found = (response.json["errors"] as? [[String: Any]] ?? []).compactMap { error -> (String, String)? in
                    guard let field = error["field"] as? String, let code = error["code"] as? String else { return nil }
                    return (field, code)
                }
                #expect(Dictionary(found, uniquingKeysWith: { first, _ in first }) == problems, "\(name)")
                #expect(found.count == problems.count, "\(name): \(found)")
                let messages = (response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
                #expect(messages.allSatisfy { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }, "Chinese messages")
            }
        }
    }
}
