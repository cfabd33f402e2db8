import Contracts
import Foundation
import Testing
@testable import TrialPeriod

/// The eligibility table of eligibility.md, row by row: for each row a candidate who passes and one who
/// fails (by one day where the row has a date), on the pure submission rules, against the table the
/// migration stores as the default (`EligibilityTableTests` holds the two to the same JSON).
@Suite("Eligibility at submission: every row of the table, passing and failing by one day", .timeLimit(.minutes(1)))
struct EligibilityRulesTests {
    static let defaults = RuleFixtures.defaultEligibility
    static func cycle(_ table: EligibilityTable = defaults) -> Cycle { RuleFixtures.cycle(table) }

    static let today = CalendarDate("2026-05-29")!

    static let applicant = VerifiedIdentity(
        account: AccountID(UUID()), realName: "测试", documentType: "resident_id", documentNumber: "11010519491231002X", gender: nil, birthDate: nil,
        candidateKind: .mainland, ethnicity: "01"
    )

    static func upgrade(registered: String, category: ExamCategory = .clinical, qualified: String? = nil) -> AssistantUpgrade {
        AssistantUpgrade(
            qualificationCertificateNumber: "201942110420106199003074519", practiceCertificateNumber: "142420100001234",
            practiceRegisteredOn: CalendarDate(registered), qualificationCategory: category, qualifiedOn: qualified.flatMap { CalendarDate($0) }
        )
    }

    /// A complete declaration: by default a bachelor, full time, graduated 2024-06-30, at the unit since
    /// 2025-05-01 (a complete year today). The upgrade route brings its 执业期考核证明, a fresh graduate
    /// the commitment letter.
    static func content(
        level: ExamLevel = .physician, category: ExamCategory = .clinical, education: EducationLevel = .bachelor, form: StudyForm = .fullTime,
        enrolled: String = "2019-09-01", graduated: String = "2024-06-30", upgrade: AssistantUpgrade? = nil, freshGraduate: Bool = false,
        trialStart: String = "2025-05-01"
    ) -> DeclarationContent {
        var attachments: [DeclarationAttachmentPurpose] = []
        if upgrade != nil { attachments.append(.practiceAssessmentProof) }
        if freshGraduate { attachments.append(.commitmentLetter) }
        return DeclarationContent(
            level: level, category: category, tcmSubtype: nil,
            education: Education(
                level: education, studyForm: form, school: "武汉大学", major: "临床医学", enrolledOn: CalendarDate(enrolled),
                graduatedOn: CalendarDate(graduated), diplomaNumber: "1"
            ),
            assistantUpgrade: upgrade, freshGraduate: freshGraduate,
            trialInstitutions: [TrialInstitutionEntry(
                name: "单位", department: "内科", position: "住院医师", startDate: CalendarDate(trialStart), endDate: nil,
                supervisorName: "李医生", current: true, confirmation: nil
            )],
            attachments: attachments.map { DeclaredAttachment(purpose: $0, attachment: AttachmentID(UUID())) }
        )
    }

    static func problems(_ content: DeclarationContent, _ table: EligibilityTable = defaults) -> [FieldProblem] {
        DeclarationRules.submissionProblems(content, applicant: applicant, unitName: "单位", cycle: cycle(table), today: today)
    }

    struct Case: Sendable, CustomStringConvertible {
        let description: String
        var table: EligibilityTable = defaults
        let passing: DeclarationContent
        let failing: DeclarationContent
        let field: String
        let code: String
    }

    /// Every row of `routes`, for each education level it lists: the trial rows fail one level below
    /// what they allow, the upgrade rows by registering one day too late; transitional rows also fail
    /// with the switch off.
    static let routeCases: [Case] = {
        var cases: [Case] = []
        var withoutTransition = defaults
        withoutTransition.transitionalProvision = false
        for row in defaults.routes {
            for education in row.educationLevels {
                let name = "\(row.examLevel.rawValue) by \(row.route.rawValue) with \(education.rawValue)"
                switch row.route {
                case .trial:
                    let below: EducationLevel = row.examLevel == .physician ? .juniorCollege : .other
                    cases.append(Case(
                        description: name, passing: content(level: row.examLevel, education: education),
                        failing: content(level: row.examLevel, education: below), field: "education.level", code: "education_not_eligible"
                    ))
                    if row.transitional {
                        cases.append(Case(
                            description: name + ", transitional provision off", table: withoutTransition,
                            passing: content(level: row.examLevel, education: .juniorCollege), failing: content(level: row.examLevel, education: education),
                            field: "education.level", code: "education_not_eligible"
                        ))
                    }
                case .assistantUpgrade:
                    // N full years to 2026-08-31: registered on or before 2026-09-01 minus N years.
                    let years = row.practiceYears ?? 0
                    let latest = "\(2026 - years)-09-01", late = "\(2026 - years)-09-02"
                    cases.append(Case(
                        description: name + ", \(years) years of practice", passing: content(education: education, upgrade: upgrade(registered: latest)),
                        failing: content(education: education, upgrade: upgrade(registered: late)),
                        field: "assistantUpgrade.practiceRegisteredOn", code: "insufficient_practice_time"
                    ))
                    if row.transitional {
                        cases.append(Case(
                            description: name + ", transitional provision off", table: withoutTransition,
                            passing: content(education: .juniorCollege, upgrade: upgrade(registered: "2024-09-01")),
                            failing: content(education: education, upgrade: upgrade(registered: latest)),
                            field: "education.level", code: "education_not_eligible"
                        ))
                    }
                }
            }
        }
        cases.append(Case(
            description: "physician by assistant_upgrade with other", passing: content(education: .juniorCollege, upgrade: upgrade(registered: "2024-09-01")),
            failing: content(education: .other, upgrade: upgrade(registered: "2020-09-01")), field: "education.level", code: "education_not_eligible"
        ))
        return cases
    }()

    /// Every row of `studyFormLimits`, for each study form and exam level it limits: enrolled on the
    /// date passes, a day later fails; the assistant-before-enrolment exemption at its day.
    static let studyFormCases: [Case] = {
        var cases: [Case] = []
        for limit in defaults.studyFormLimits {
            let education = limit.educationLevels.contains(.bachelor) ? EducationLevel.bachelor : .secondary
            let cutoff = limit.enrolledOnOrBefore
            let dayAfter = cutoff.next.description
            for form in limit.studyForms {
                for level in limit.examLevels {
                    // 中专 reaches 执业医师 only by the upgrade route (5 years).
                    let upgrade = level == .physician && education == .secondary ? upgrade(registered: "2021-09-01") : nil
                    cases.append(Case(
                        description: "\(form.rawValue) \(education.rawValue) for \(level.rawValue), enrolled by \(cutoff)",
                        passing: content(level: level, education: education, form: form, enrolled: cutoff.description, graduated: "2008-07-01", upgrade: upgrade),
                        failing: content(level: level, education: education, form: form, enrolled: dayAfter, graduated: "2008-07-01", upgrade: upgrade),
                        field: "education.enrolledOn", code: "study_form_not_eligible"
                    ))
                }
            }
            if limit.exemptIfAssistantQualifiedBefore {
                // Enrolled in 2010 on an adult 专科 course, already an assistant (qualified 2010-09-01).
                cases.append(Case(
                    description: "\(education.rawValue) enrolled after \(cutoff) by an assistant qualified on or before enrolment",
                    passing: content(
                        education: .juniorCollege, form: .adult, enrolled: "2010-09-01", graduated: "2013-07-01",
                        upgrade: upgrade(registered: "2011-03-01", qualified: "2010-09-01")
                    ),
                    failing: content(
                        education: .juniorCollege, form: .adult, enrolled: "2010-09-01", graduated: "2013-07-01",
                        upgrade: upgrade(registered: "2011-03-01", qualified: "2010-09-02")
                    ),
                    field: "education.enrolledOn", code: "study_form_not_eligible"
                ))
            }
        }
        return cases
    }()

    /// The other refusals of items 1 and 2: the qualification's category, the year after graduation,
    /// the unfinished year (fresh graduates only by default, everyone when the cycle says so).
    static let otherCases: [Case] = {
        var everyone = defaults
        everyone.unfinishedTrialAllowedFor = .everyone
        return [
            Case(
                description: "the assistant qualification in the declared category", passing: content(upgrade: upgrade(registered: "2024-09-01", category: .clinical)),
                failing: content(upgrade: upgrade(registered: "2024-09-01", category: .dental)),
                field: "assistantUpgrade.qualificationCategory", code: "qualification_category_mismatch"
            ),
            // 12 months ending today (2026-05-29) are the 365 days from 2025-05-30.
            Case(
                description: "a year complete today when not a fresh graduate", passing: content(trialStart: "2025-05-30"),
                failing: content(trialStart: "2025-05-31"), field: "trialInstitutions", code: "trial_incomplete"
            ),
            Case(
                description: "an unfinished year for everyone when the cycle allows it", table: everyone, passing: content(trialStart: "2025-09-01"),
                failing: content(trialStart: "2025-09-02"), field: "trialInstitutions", code: "insufficient_trial_time"
            ),
            Case(
                description: "an unfinished year for a fresh graduate", passing: content(graduated: "2025-06-30", freshGraduate: true, trialStart: "2025-09-01"),
                failing: content(graduated: "2025-06-30", freshGraduate: true, trialStart: "2025-09-02"),
                field: "trialInstitutions", code: "insufficient_trial_time"
            ),
            // At the unit since 2025-08-01, but graduated later: only the days from graduation count.
            Case(
                description: "the trial year counted from graduation",
                passing: content(graduated: "2025-09-01", freshGraduate: true, trialStart: "2025-08-01"),
                failing: content(graduated: "2025-09-02", freshGraduate: true, trialStart: "2025-08-01"),
                field: "trialInstitutions", code: "insufficient_trial_time"
            ),
        ]
    }()

    static let cases = routeCases + studyFormCases + otherCases

    @Test(arguments: cases)
    func theRowDecides(_ rule: Case) {
        let passing = Self.problems(rule.passing, rule.table)
        #expect(passing.isEmpty, "\(passing.map { "\($0.field) \($0.code) \($0.message)" })")
        let failing = Self.problems(rule.failing, rule.table)
        #expect(failing.map { "\($0.field) \($0.code)" } == ["\(rule.field) \(rule.code)"], "\(failing.map(\.message))")
        #expect(failing.allSatisfy { $0.message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
    }

    @Test func everyRowOfTheTableHasACase() {
        for row in Self.defaults.routes {
            for education in row.educationLevels {
                #expect(Self.routeCases.contains { $0.description.hasPrefix("\(row.examLevel.rawValue) by \(row.route.rawValue) with \(education.rawValue)") })
            }
        }
        for limit in Self.defaults.studyFormLimits {
            #expect(Self.studyFormCases.contains { $0.description.contains("by \(limit.enrolledOnOrBefore)") })
        }
    }

    @Test func theRefusalSaysTheRule() {
        let education = Self.problems(Self.content(education: .juniorCollege)).first
        #expect(education?.message == "报考执业医师（试用期满一年）须具有以下学历之一：博士研究生、硕士研究生、本科")
        let practice = Self.problems(Self.content(education: .secondary, upgrade: Self.upgrade(registered: "2021-09-02"))).first
        #expect(practice?.message.contains("满5年（2021-09-01及以前注册）") == true, "\(practice?.message ?? "")")
        let form = Self.problems(Self.content(form: .selfStudy, enrolled: "2002-11-01", graduated: "2006-07-01")).first
        #expect(form?.message.hasPrefix("自学考试的本科学历须于2002-10-31及以前入学") == true, "\(form?.message ?? "")")
    }

    @Test func theUpgradeRouteNeedsItsDatesCategoryAndAssessmentProof() {
        var content = Self.content(upgrade: AssistantUpgrade(qualificationCertificateNumber: "1", practiceCertificateNumber: "2"))
        content.attachments = []
        #expect(Self.problems(content).map { "\($0.field) \($0.code)" } == [
            "assistantUpgrade.practiceRegisteredOn required", "assistantUpgrade.qualificationCategory required",
            "attachments practice_assessment_proof_required",
        ])
    }

    @Test func theUpgradeDatesAreRealInOrderAndPast() {
        let future = Self.problems(Self.content(upgrade: Self.upgrade(registered: "2026-05-30", qualified: "2026-05-30")))
        #expect(future.map { "\($0.field) \($0.code)" } == [
            "assistantUpgrade.practiceRegisteredOn in_future", "assistantUpgrade.qualifiedOn in_future",
            "assistantUpgrade.practiceRegisteredOn insufficient_practice_time",
        ])
        let reversed = Self.problems(Self.content(upgrade: Self.upgrade(registered: "2015-03-01", qualified: "2015-03-02")))
        #expect(reversed.map { "\($0.field) \($0.code)" } == ["assistantUpgrade.practiceRegisteredOn out_of_order"])
    }

    /// The upgrade route has no trial-year test: an assistant who joined the unit last month passes.
    @Test func theUpgradeRouteSkipsTheTrialYear() {
        #expect(Self.problems(Self.content(upgrade: Self.upgrade(registered: "2024-09-01"), trialStart: "2026-05-01")).isEmpty)
        #expect(Self.problems(Self.content(trialStart: "2026-05-01")).map(\.code) == ["insufficient_trial_time"])
    }

    /// Item 8: a unit-name mismatch no longer hides the time, and an entry with unusable dates is left out of it.
    @Test func theTrialTimeIsCheckedBesideOtherEntryProblems() {
        var content = Self.content(trialStart: "2026-01-01")
        content.trialInstitutions[0].name = "别的单位"
        content.trialInstitutions.append(TrialInstitutionEntry(
            name: "武汉市第三医院", department: nil, position: "住院医师", startDate: CalendarDate("2025-03-01"), endDate: CalendarDate("2025-01-01"),
            supervisorName: "李医生", current: false, confirmation: nil
        ))
        #expect(Self.problems(content).map { "\($0.field) \($0.code)" } == [
            "trialInstitutions[0].name unit_name_mismatch", "trialInstitutions[1].department required", "trialInstitutions[1].endDate out_of_order",
            "trialInstitutions insufficient_trial_time",
        ])
    }

    /// Days covered by two entries count once.
    @Test func overlappingDaysCountOnce() {
        let days = DeclarationRules.countedDays(
            [(CalendarDate("2025-01-01")!, CalendarDate("2025-01-10")!), (CalendarDate("2025-01-05")!, nil)], from: CalendarDate("2025-01-02"),
            to: CalendarDate("2025-01-20")!
        )
        #expect(days == 19)
    }
}
