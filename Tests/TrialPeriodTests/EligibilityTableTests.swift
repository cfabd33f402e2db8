import AppTestSupport
import Foundation
import HTTPTypes
import Testing
@testable import TrialPeriod

/// The eligibility table as cycle data: defaults from migration 0015, edited by platform
/// administrators with the cycle (checked at its paths), used at submission, shown in `/reference`.
@Suite("Eligibility table: stored with the cycle, edited by administrators, shown in /reference", .timeLimit(.minutes(3)))
struct EligibilityTableTests {
    static func table(_ json: Any?) throws -> EligibilityTable {
        let data = try JSONSerialization.data(withJSONObject: try #require(json))
        return try JSONDecoder().decode(EligibilityTable.self, from: data)
    }

    static func json(_ table: EligibilityTable) throws -> String {
        String(decoding: try JSONEncoder().encode(table), as: UTF8.self)
    }

    /// The cycle body with an `eligibility` member.
    static func cycleBody(eligibility: String, includeYear: Bool = true) -> String {
        String(AppHarness.cycleBody(includeYear: includeYear).dropLast()) + #","eligibility":\#(eligibility)}"#
    }

    @Test func aNewCycleGetsTheDefaultsOfEligibilityMd() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let created = try await h.request(.post, "/api/v1/admin/cycles", json: AppHarness.cycleBody(), token: admin)
            #expect(created.status == .created, "\(created.text)")
            #expect(try Self.table(created.json["eligibility"]) == RuleFixtures.defaultEligibility)
            let listed = try await h.request(.get, "/api/v1/admin/cycles", token: admin)
            #expect(try Self.table((listed.json["items"] as? [[String: Any]])?.first?["eligibility"]) == RuleFixtures.defaultEligibility)
        }
    }

    @Test func anEditedTableIsKeptWhenLeftOutAndDecidesTheSubmission() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            var stricter = RuleFixtures.defaultEligibility
            stricter.routes[0].educationLevels = [.doctorate, .master]
            stricter.unfinishedTrialAllowedFor = .everyone
            let edited = try await h.request(
                .put, "/api/v1/admin/cycles/2026", json: Self.cycleBody(eligibility: try Self.json(stricter), includeYear: false), token: p.admin
            )
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try Self.table(edited.json["eligibility"]) == stricter)
            // Editing the window without a table keeps the table.
            let window = try await h.request(.put, "/api/v1/admin/cycles/2026", json: AppHarness.cycleBody(months: 12, includeYear: false), token: p.admin)
            #expect(try Self.table(window.json["eligibility"]) == stricter)
            let audited = try await h.auditActions().filter { $0.hasPrefix("trial.cycle.") }
            #expect(audited == ["trial.cycle.create", "trial.cycle.update", "trial.cycle.update"])

            let id = try await h.createDeclaration(p.candidate)
            let refused = try await h.saveAndSubmit(p.candidate, id, body: AppHarness.declarationBody(version: 1, unitName: p.unitName))
            #expect(refused.status == .unprocessableContent)
            #expect(AppHarness.fields(refused) == ["education.level"] && AppHarness.codes(refused) == ["education_not_eligible"], "\(refused.text)")
            #expect((refused.json["errors"] as? [[String: Any]])?.first?["message"] as? String == "报考执业医师（试用期满一年）须具有以下学历之一：博士研究生、硕士研究生")
        }
    }

    @Test func anImpossibleTableIsRefusedWithEveryProblemAtItsPath() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let eligibility = #"""
                {"routes":[
                  {"examLevel":"surgeon","route":"trial","educationLevels":["bachelor"],"practiceYears":null,"transitional":false},
                  {"examLevel":"assistant_physician","route":"assistant_upgrade","educationLevels":["junior_college"],"practiceYears":2,"transitional":false},
                  {"examLevel":"physician","route":"assistant_upgrade","educationLevels":["phd","secondary","secondary"],"practiceYears":0,"transitional":true},
                  {"examLevel":"physician","route":"trial","educationLevels":[],"practiceYears":3,"transitional":false},
                  {"examLevel":"physician","route":"by_luck","educationLevels":["bachelor"],"practiceYears":null,"transitional":false}],
                 "transitionalProvision":true,
                 "studyFormLimits":[{"educationLevels":["bachelor"],"studyForms":["night_school"],"examLevels":[],"enrolledOnOrBefore":"2002-02-30","exemptIfAssistantQualifiedBefore":true}],
                 "unfinishedTrialAllowedFor":"nobody"}
                """#
            let response = try await h.request(.post, "/api/v1/admin/cycles", json: Self.cycleBody(eligibility: eligibility), token: admin)
            #expect(response.status == .unprocessableContent)
            let problems = (response.json["errors"] as? [[String: Any]] ?? []).map { "\($0["field"] as? String ?? "") \($0["code"] as? String ?? "")" }
            #expect(Set(problems) == [
                "eligibility.routes[0].examLevel unknown_level",
                "eligibility.routes[1].route physician_only",
                "eligibility.routes[2].practiceYears out_of_range",
                "eligibility.routes[2].educationLevels[0] unknown_education_level",
                "eligibility.routes[2].educationLevels[2] duplicate",
                "eligibility.routes[3].practiceYears not_applicable",
                "eligibility.routes[3].educationLevels required",
                "eligibility.routes[4].route unknown_route",
                "eligibility.studyFormLimits[0].studyForms[0] unknown_study_form",
                "eligibility.studyFormLimits[0].examLevels required",
                "eligibility.studyFormLimits[0].enrolledOnOrBefore invalid_date",
                "eligibility.unfinishedTrialAllowedFor unknown_allowance",
            ], "\(response.text)")
            let cycles = try await h.request(.get, "/api/v1/admin/cycles", token: admin)
            #expect((cycles.json["items"] as? [Any])?.isEmpty == true, "\(cycles.text)")
        }
    }

    @Test func twoRowsDecidingTheSameEducationAreRefused() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            var ambiguous = RuleFixtures.defaultEligibility
            ambiguous.routes[4].educationLevels = [.secondary, .juniorCollege]
            let response = try await h.request(.post, "/api/v1/admin/cycles", json: Self.cycleBody(eligibility: try Self.json(ambiguous)), token: admin)
            #expect(AppHarness.fields(response) == ["eligibility.routes[4].educationLevels[1]"] && AppHarness.codes(response) == ["duplicate"], "\(response.text)")
        }
    }

    @Test func theReferenceShowsTheCurrentCyclesTable() async throws {
        try await AppHarness.run { h in
            let before = try await h.request(.get, "/api/v1/reference")
            #expect(before.status == .ok)
            #expect(before.json["eligibility"] is NSNull, "\(before.text.suffix(200))")
            let admin = try await h.platformAdmin()
            try await h.openCycle(admin: admin)
            let reference = try await h.request(.get, "/api/v1/reference")
            let eligibility = try #require(reference.json["eligibility"] as? [String: Any])
            #expect(eligibility["cycle"] as? Int == 2026)
            #expect(eligibility["trialCompletionDeadline"] as? String == "2026-08-31")
            #expect(eligibility["requiredTrialMonths"] as? Int == 12)
            #expect(try Self.table(eligibility["table"]) == RuleFixtures.defaultEligibility)
            let lists = try #require(reference.json["lists"] as? [String: [[String: String]]])
            let purposes = Set((lists["trialApplicationAttachmentPurposes"] ?? []).compactMap { $0["code"] })
            #expect(purposes.isSuperset(of: [
                "work_experience_proof", "trial_assessment_form", "practice_assessment_proof", "military_education_proof", "military_trial_proof",
            ]))
            #expect(lists["examRoutes"]?.map { $0["code"] } == ["trial", "assistant_upgrade"])
            // The table edited: the document (and its ETag) follows.
            var edited = RuleFixtures.defaultEligibility
            edited.transitionalProvision = false
            let etag = try #require(reference.headers[.eTag])
            #expect(try await h.request(.put, "/api/v1/admin/cycles/2026", json: Self.cycleBody(eligibility: try Self.json(edited), includeYear: false), token: admin).status == .ok)
            let after = try await h.request(.get, "/api/v1/reference")
            #expect(after.headers[.eTag] != etag)
            #expect(try Self.table((after.json["eligibility"] as? [String: Any])?["table"]).transitionalProvision == false)
        }
    }

    @Test func theNewPurposesAndFieldsAreAcceptedAndReadBack() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            var attachments: [(purpose: String, id: String)] = []
            for (seed, purpose) in ["work_experience_proof", "trial_assessment_form", "military_education_proof", "military_trial_proof"].enumerated() {
                let uploaded = try await h.upload(Samples.jpeg(seed: UInt8(20 + seed)), purpose: purpose, token: p.candidate)
                attachments.append((purpose, try #require(uploaded.json["id"] as? String, "\(uploaded.text)")))
            }
            let id = try await h.createDeclaration(p.candidate)
            let body = AppHarness.declarationBody(version: 1, unitName: p.unitName, attachments: attachments)
                .replacingOccurrences(of: #""freshGraduate":false"#, with: #""freshGraduate":false,"activeMilitary":true"#)
            let submitted = try await h.saveAndSubmit(p.candidate, id, body: body)
            #expect(submitted.status == .ok, "\(submitted.text)")
            #expect(submitted.json["activeMilitary"] as? Bool == true)
            #expect((submitted.json["attachments"] as? [[String: Any]])?.compactMap { $0["purpose"] as? String } == attachments.map(\.purpose))
        }
    }
}
