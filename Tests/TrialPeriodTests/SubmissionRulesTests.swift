import AppTestSupport
import Foundation
import HTTPTypes
import Testing

/// Each rule of submission with one failing case (by JSON path and code), and the valid special cases.
@Suite("Submission rules: every problem at once, by JSON path, in Chinese", .timeLimit(.minutes(5)))
struct SubmissionRulesTests {
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let level: String
        let category: String
        let subtype: String?
        let body: @Sendable (_ unitName: String) -> String
        let field: String
        let code: String
    }

    static let education = #"{"level":"bachelor","studyForm":"full_time","school":"武汉大学","major":"临床医学","enrolledOn":"2019-09-01","graduatedOn":"2024-06-30","diplomaNumber":"104861202405000123"}"#

    static let cases: [Case] = [
        Case(description: "education missing", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, education: "null") }, field: "education.school", code: "required"),
        Case(description: "graduation before enrolment", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, education: education.replacingOccurrences(of: "2019-09-01", with: "2024-09-01")) },
             field: "education.graduatedOn", code: "before_enrolment"),
        Case(description: "graduation in the future", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, education: education.replacingOccurrences(of: "2024-06-30", with: "2026-07-01")) },
             field: "education.graduatedOn", code: "in_future"),
        Case(description: "no trial institution", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, entries: []) }, field: "trialInstitutions", code: "required"),
        Case(description: "no current institution", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, entries: [AppHarness.entry($0, start: "2024-07-01", end: "2026-05-01", current: false)]) },
             field: "trialInstitutions", code: "one_current_required"),
        Case(description: "current institution not the declaring unit", level: "physician", category: "clinical", subtype: nil,
             body: { _ in AppHarness.declarationBody(version: 1, unitName: "武汉市另一家医院") }, field: "trialInstitutions[0].name", code: "unit_name_mismatch"),
        Case(description: "a closed period ending in the future", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, entries: [
                 AppHarness.entry("武汉市第三医院", start: "2024-07-01", end: "2026-07-01", current: false),
                 AppHarness.entry($0, start: "2026-07-02", end: nil, current: true),
             ]) }, field: "trialInstitutions[0].endDate", code: "in_future"),
        Case(description: "a period ending before it starts", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, entries: [
                 AppHarness.entry("武汉市第三医院", start: "2024-07-01", end: "2024-01-01", current: false),
                 AppHarness.entry($0, start: "2024-08-01", end: nil, current: true),
             ]) }, field: "trialInstitutions[0].endDate", code: "out_of_order"),
        Case(description: "overlapping periods", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, entries: [
                 AppHarness.entry("武汉市第三医院", start: "2024-07-01", end: "2025-08-15", current: false),
                 AppHarness.entry($0, start: "2025-08-01", end: nil, current: true),
             ]) }, field: "trialInstitutions[1].startDate", code: "overlap"),
        Case(description: "not enough trial time by the deadline", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, entries: [AppHarness.entry($0, start: "2026-01-01", end: nil, current: true)]) },
             field: "trialInstitutions", code: "insufficient_trial_time"),
        Case(description: "tcm without its sub-type", level: "physician", category: "tcm", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, category: "tcm") }, field: "tcmSubtype", code: "required"),
        Case(description: "a sub-type outside tcm", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, subtype: "integrated") }, field: "tcmSubtype", code: "not_applicable"),
        Case(description: "rural general at physician level", level: "assistant_physician", category: "rural_general", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, level: "physician", category: "rural_general") },
             field: "category", code: "rural_general_assistant_only"),
        Case(description: "assistant upgrade without its numbers", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, assistantUpgrade: #"{"qualificationCertificateNumber":"201942110420106199003074519"}"#) },
             field: "assistantUpgrade.practiceCertificateNumber", code: "required"),
        Case(description: "assistant upgrade declared for the assistant level", level: "assistant_physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(
                 version: 1, unitName: $0, level: "assistant_physician",
                 assistantUpgrade: #"{"qualificationCertificateNumber":"A1","practiceCertificateNumber":"B2"}"#
             ) }, field: "assistantUpgrade", code: "physician_only"),
        Case(description: "a fresh graduate without the commitment letter", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, freshGraduate: true) }, field: "attachments", code: "commitment_letter_required"),
        Case(description: "a junior college graduate declaring physician by the trial route", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, education: education.replacingOccurrences(of: "bachelor", with: "junior_college")) },
             field: "education.level", code: "education_not_eligible"),
        Case(description: "a self-study degree enrolled after 2002-10-31", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, education: education.replacingOccurrences(of: "full_time", with: "self_study")) },
             field: "education.enrolledOn", code: "study_form_not_eligible"),
        Case(description: "an assistant registered less than 2 years before the deadline", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, assistantUpgrade: upgrade(registered: "2024-09-02")) },
             field: "assistantUpgrade.practiceRegisteredOn", code: "insufficient_practice_time"),
        Case(description: "an assistant qualification of another category", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, assistantUpgrade: upgrade(registered: "2024-09-01", category: "dental")) },
             field: "assistantUpgrade.qualificationCategory", code: "qualification_category_mismatch"),
        Case(description: "an unfinished trial year of a candidate who is not a fresh graduate", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0, entries: [AppHarness.entry($0, start: "2025-05-31", end: nil, current: true)]) },
             field: "trialInstitutions", code: "trial_incomplete"),
        Case(description: "a servicemember without the military proofs", level: "physician", category: "clinical", subtype: nil,
             body: { AppHarness.declarationBody(version: 1, unitName: $0).replacingOccurrences(of: #""freshGraduate":false"#, with: #""freshGraduate":false,"activeMilitary":true"#) },
             field: "attachments", code: "military_proofs_required"),
    ]

    /// The upgrade block with both numbers, the registration date and the qualification's category.
    static func upgrade(registered: String, category: String = "clinical") -> String {
        #"{"qualificationCertificateNumber":"201942110420106199003074519","practiceCertificateNumber":"142420100001234","practiceRegisteredOn":"\#(registered)","qualificationCategory":"\#(category)"}"#
    }

    @Test(arguments: cases)
    func aRuleBrokenIsNamedByItsPath(_ rule: Case) async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate, level: rule.level, category: rule.category, subtype: rule.subtype)
            let response = try await h.saveAndSubmit(p.candidate, id, body: rule.body(p.unitName))
            #expect(response.status == .unprocessableContent, "\(response.text)")
            let problems = (response.json["errors"] as? [[String: Any]] ?? []).map { ($0["field"] as? String ?? "", $0["code"] as? String ?? "") }
            #expect(problems.contains { $0 == (rule.field, rule.code) }, "\(response.text)")
            let messages = (response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(messages.allSatisfy { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
            let stored = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate)
            #expect(stored.json["status"] as? String == "draft")  // nothing moved
        }
    }

    @Test func everyProblemIsListedAtOnce() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let response = try await h.saveAndSubmit(p.candidate, id, body: AppHarness.declarationBody(
                version: 1, unitName: "别的单位", education: "null", freshGraduate: true
            ))
            let fields = Set(AppHarness.fields(response))
            #expect(fields.isSuperset(of: ["education.level", "education.school", "education.graduatedOn", "trialInstitutions[0].name", "attachments"]), "\(fields)")
        }
    }

    @Test func aFreshGraduateWithTheCommitmentLetterSubmits() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let letter = try #require(try await h.upload(Samples.jpeg(seed: 3), purpose: "commitment_letter", token: p.candidate).json["id"] as? String)
            let id = try await h.createDeclaration(p.candidate)
            let education = Self.education.replacingOccurrences(of: "2024-06-30", with: "2025-06-30")
            let response = try await h.saveAndSubmit(p.candidate, id, body: AppHarness.declarationBody(
                version: 1, unitName: p.unitName, education: education, freshGraduate: true,
                entries: [AppHarness.entry(p.unitName, start: "2025-09-01", end: nil, current: true)],  // exactly 12 months by 2026-08-31
                attachments: [("commitment_letter", letter)]
            ))
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["freshGraduate"] as? Bool == true)
        }
    }

    @Test func anAssistantPhysicianApplyingForPhysicianSubmitsWithBothNumbers() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let proof = try #require(try await h.upload(Samples.jpeg(seed: 4), purpose: "practice_assessment_proof", token: p.candidate).json["id"] as? String)
            let id = try await h.createDeclaration(p.candidate, level: "physician", category: "tcm", subtype: "integrated")
            let response = try await h.saveAndSubmit(p.candidate, id, body: AppHarness.declarationBody(
                version: 1, unitName: p.unitName, category: "tcm", subtype: "integrated", assistantUpgrade: Self.upgrade(registered: "2024-09-01", category: "tcm"),
                attachments: [("practice_assessment_proof", proof)]
            ))
            #expect(response.status == .ok, "\(response.text)")
            #expect((response.json["assistantUpgrade"] as? [String: Any])?["practiceCertificateNumber"] as? String == "142420100001234")
            #expect((response.json["assistantUpgrade"] as? [String: Any])?["practiceRegisteredOn"] as? String == "2024-09-01")
            #expect((response.json["assistantUpgrade"] as? [String: Any])?["qualificationCategory"] as? String == "tcm")
            #expect(response.json["tcmSubtype"] as? String == "integrated")
            // The unit reviews what the route was decided on.
            let browser = try await ConsoleClient.unitConsole(h, p)
            let page = try await ConsoleClient.get(h, "/console/units/\(p.unit)/trial-applications/\(id)", browser: browser)
            #expect(page.status == .ok)
            for shown in ["助理医师执业注册时间", "2024-09-01", "助理医师资格类别", "中医", "142420100001234", "现役军人"] {
                #expect(page.text.contains(shown), "\(shown) missing from the review page")
            }
        }
    }

    @Test func trialTimeAccumulatedAcrossThreeInstitutionsCounts() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            // Fresh graduates (with the commitment letter) may declare before the year is complete.
            let letter = try #require(try await h.upload(Samples.jpeg(seed: 3), purpose: "commitment_letter", token: p.candidate).json["id"] as? String)
            let id = try await h.createDeclaration(p.candidate)
            // 90 + 153 + 123 days (the open current period counts to 2026-08-31): 366, none enough alone;
            // 12 months to 2026-08-31 are 365 days.
            let entries = [
                AppHarness.entry("武汉市第三医院", start: "2025-01-01", end: "2025-03-31", current: false),
                AppHarness.entry("武汉市第五医院", start: "2025-04-01", end: "2025-08-31", current: false),
                AppHarness.entry(p.unitName, start: "2026-05-01", end: nil, current: true),
            ]
            let response = try await h.saveAndSubmit(p.candidate, id, body: AppHarness.declarationBody(
                version: 1, unitName: p.unitName, freshGraduate: true, entries: entries, attachments: [("commitment_letter", letter)]
            ))
            #expect(response.status == .ok, "\(response.text)")
            // Two days less (364) is not enough.
            let other = try await h.trialParties(unitName: "武汉市第六医院", serial: 2, admin: p.admin)
            let otherLetter = try #require(try await h.upload(Samples.jpeg(seed: 7), purpose: "commitment_letter", token: other.candidate).json["id"] as? String)
            let second = try await h.createDeclaration(other.candidate)
            let short = try await h.saveAndSubmit(other.candidate, second, body: AppHarness.declarationBody(
                version: 1, unitName: other.unitName, freshGraduate: true, entries: [
                    AppHarness.entry("武汉市第三医院", start: "2025-01-03", end: "2025-03-31", current: false),
                    AppHarness.entry("武汉市第五医院", start: "2025-04-01", end: "2025-08-31", current: false),
                    AppHarness.entry(other.unitName, start: "2026-05-01", end: nil, current: true),
                ], attachments: [("commitment_letter", otherLetter)]
            ))
            #expect(AppHarness.codes(short) == ["insufficient_trial_time"], "\(short.text)")
        }
    }

    @Test func aDraftMayBeSavedIncompleteButNotWithUnknownCodesOrUnrealDates() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let partial = try await h.request(
                .put, "/api/v1/trial/applications/\(id)", json: #"{"version":1,"level":"physician","category":"clinical"}"#, token: p.candidate
            )
            #expect(partial.status == .ok, "\(partial.text)")
            let bad = try await h.request(.put, "/api/v1/trial/applications/\(id)", json: #"{"version":2,"level":"physician","category":"surgery","education":{"enrolledOn":"2025-02-29","level":"phd"},"trialInstitutions":[{"startDate":"2024-13-01"}],"attachments":[{"purpose":"commitment_letter","attachmentId":"00000000-0000-0000-0000-000000000000"}]}"#, token: p.candidate)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(AppHarness.fields(bad)) == ["category", "education.enrolledOn", "education.level", "trialInstitutions[0].startDate", "attachments[0].attachmentId"], "\(bad.text)")
        }
    }

    @Test func someoneElsesAttachmentOrOneOfAnotherPurposeIsRefused() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (stranger, _) = try await h.loginByWeChat("user-stranger")
            let theirs = try #require(try await h.upload(Samples.jpeg(seed: 5), purpose: "other_proof", token: stranger).json["id"] as? String)
            let mine = try #require(try await h.upload(Samples.jpeg(seed: 6), purpose: "education_certificate", token: p.candidate).json["id"] as? String)
            let id = try await h.createDeclaration(p.candidate)
            let response = try await h.request(.put, "/api/v1/trial/applications/\(id)", json: AppHarness.declarationBody(
                version: 1, unitName: p.unitName, attachments: [("other_proof", theirs), ("other_proof", mine)]
            ), token: p.candidate)
            #expect(AppHarness.codes(response) == ["attachment_not_found", "wrong_attachment_purpose"], "\(response.text)")
        }
    }
}
