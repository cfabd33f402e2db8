import Contracts
import Foundation
@testable import TrialPeriod

/// What the pure rule suites build on: the default eligibility table and the 2026 cycle (window
/// 2026-01-01 – 2026-06-30, trial complete by 2026-08-31, 12 months).
enum RuleFixtures {
    /// The defaults of migration 0015 (../shared/reference/eligibility.md).
    static let defaultEligibility = EligibilityTable(
        routes: [
            .init(examLevel: .physician, route: .trial, educationLevels: [.doctorate, .master, .bachelor], practiceYears: nil, transitional: false),
            .init(examLevel: .physician, route: .assistantUpgrade, educationLevels: [.doctorate, .master, .bachelor, .juniorCollege], practiceYears: 2, transitional: false),
            .init(examLevel: .physician, route: .assistantUpgrade, educationLevels: [.secondary], practiceYears: 5, transitional: true),
            .init(examLevel: .assistantPhysician, route: .trial, educationLevels: [.doctorate, .master, .bachelor, .juniorCollege], practiceYears: nil, transitional: false),
            .init(examLevel: .assistantPhysician, route: .trial, educationLevels: [.secondary], practiceYears: nil, transitional: true),
        ],
        transitionalProvision: true,
        studyFormLimits: [
            .init(
                educationLevels: [.doctorate, .master, .bachelor, .juniorCollege], studyForms: [.adult, .selfStudy, .distance, .open],
                examLevels: [.physician, .assistantPhysician], enrolledOnOrBefore: CalendarDate("2002-10-31")!, exemptIfAssistantQualifiedBefore: true
            ),
            .init(
                educationLevels: [.secondary], studyForms: [.adult, .selfStudy, .distance, .open], examLevels: [.physician, .assistantPhysician],
                enrolledOnOrBefore: CalendarDate("2001-08-31")!, exemptIfAssistantQualifiedBefore: false
            ),
        ],
        unfinishedTrialAllowedFor: .freshGraduates
    )

    static func cycle(_ table: EligibilityTable = defaultEligibility) -> Cycle {
        Cycle(CycleInput(
            year: 2026, opensAt: Date(timeIntervalSince1970: 1_767_196_800), closesAt: Date(timeIntervalSince1970: 1_782_835_200),
            reviewDeadline: Date(timeIntervalSince1970: 1_785_513_600), trialCompletionDeadline: CalendarDate("2026-08-31")!,
            noticeText: "须知", requiredTrialMonths: 12
        ), eligibility: table)
    }

}
