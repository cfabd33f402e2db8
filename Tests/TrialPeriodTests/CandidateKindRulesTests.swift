import Contracts
import Foundation
import Testing
@testable import TrialPeriod

/// The rules that depend on who the candidate is (their document), checked on the pure rule function:
/// a verified HK/Macau, Taiwan, foreign or military identity needs the manual review path to exist in a
/// test, and the rule itself does not depend on how the identity was verified.
@Suite("Submission rules by candidate kind and profile", .timeLimit(.minutes(1)))
struct CandidateKindRulesTests {
    static let cycle = RuleFixtures.cycle()
    static let today = CalendarDate("2026-05-29")!

    static func identity(_ kind: CandidateKind, ethnicity: String? = "01") -> VerifiedIdentity {
        VerifiedIdentity(
            account: AccountID(UUID()), realName: "测试", documentType: "passport", documentNumber: "X1234567", gender: nil, birthDate: nil,
            candidateKind: kind, ethnicity: ethnicity
        )
    }

    static func content(attachments: [DeclarationAttachmentPurpose] = [], freshGraduate: Bool = false, activeMilitary: Bool = false) -> DeclarationContent {
        DeclarationContent(
            level: .physician, category: .clinical, tcmSubtype: nil,
            education: Education(
                level: .bachelor, studyForm: .fullTime, school: "武汉大学", major: "临床医学", enrolledOn: CalendarDate("2019-09-01"),
                graduatedOn: CalendarDate("2024-06-30"), diplomaNumber: "1"
            ),
            assistantUpgrade: nil, freshGraduate: freshGraduate,
            trialInstitutions: [TrialInstitutionEntry(
                name: "单位", department: "内科", position: "住院医师", startDate: CalendarDate("2025-05-01"), endDate: nil,
                supervisorName: "李医生", current: true, confirmation: nil
            )],
            attachments: attachments.map { DeclaredAttachment(purpose: $0, attachment: AttachmentID(UUID())) },
            activeMilitary: activeMilitary
        )
    }

    static func codes(_ content: DeclarationContent, _ identity: VerifiedIdentity) -> [String] {
        DeclarationRules.submissionProblems(content, applicant: identity, unitName: "单位", cycle: cycle, today: today).map(\.code)
    }

    @Test(arguments: [
        (CandidateKind.hongKongMacau, "hmt_application_form_required"), (.taiwan, "hmt_application_form_required"),
        (.foreign, "foreign_application_form_required"),
    ])
    func eachKindNeedsItsForm(_ kind: CandidateKind, _ code: String) {
        #expect(Self.codes(Self.content(), Self.identity(kind)) == [code])
    }

    @Test func theFormsSatisfyTheirKind() {
        #expect(Self.codes(Self.content(attachments: [.hmtApplicationForm]), Self.identity(.taiwan)).isEmpty)
        #expect(Self.codes(Self.content(attachments: [.foreignApplicationForm]), Self.identity(.foreign)).isEmpty)
        #expect(Self.codes(Self.content(), Self.identity(.mainland)).isEmpty)
    }

    /// 现役军人 is what the declaration says, whatever the document: both proofs, one of each purpose.
    @Test func aDeclaredServicememberNeedsBothMilitaryProofs() {
        #expect(Self.codes(Self.content(activeMilitary: true), Self.identity(.mainland)) == ["military_proofs_required"])
        #expect(Self.codes(Self.content(attachments: [.militaryEducationProof], activeMilitary: true), Self.identity(.military)) == ["military_proofs_required"])
        #expect(Self.codes(Self.content(attachments: [.militaryProof, .militaryProof], activeMilitary: true), Self.identity(.military)) == ["military_proofs_required"])
        #expect(Self.codes(Self.content(attachments: [.militaryEducationProof, .militaryTrialProof], activeMilitary: true), Self.identity(.mainland)).isEmpty)
        // A military document alone no longer makes a servicemember.
        #expect(Self.codes(Self.content(), Self.identity(.military)).isEmpty)
    }

    @Test func aCommitmentLetterIsForFreshGraduatesOnly() {
        #expect(Self.codes(Self.content(attachments: [.commitmentLetter]), Self.identity(.mainland)) == ["commitment_letter_not_applicable"])
    }

    @Test func theEthnicityMustBeInTheProfile() {
        let problems = DeclarationRules.submissionProblems(
            Self.content(), applicant: Self.identity(.mainland, ethnicity: nil), unitName: "单位", cycle: Self.cycle, today: Self.today
        )
        #expect(problems.map(\.field) == ["applicant.ethnicity"])
    }

    @Test func theCurrentPeriodCannotHaveEndedAlready() {
        var content = Self.content()
        content.trialInstitutions[0].endDate = CalendarDate("2026-05-28")
        #expect(Self.codes(content, Self.identity(.mainland)).contains("ended"))
    }
}
