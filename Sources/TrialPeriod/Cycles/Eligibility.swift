import Contracts

// The eligibility table of an exam cycle (ADR 0020): who may declare which level, by education level,
// study form, enrolment date and route. Stored with the cycle as JSON (`trial.cycles.eligibility`);
// its defaults are the column default of migration 0015, never literals here.

/// How a 执业医师 or 执业助理医师 declaration qualifies: the trial year, or (执业医师 only) the
/// assistant's years of practice (`assistantUpgrade` present).
enum ExamRoute: String, CaseIterable, Codable, Sendable {
    case trial
    case assistantUpgrade = "assistant_upgrade"

    var label: String {
        switch self {
        case .trial: "试用期满一年"
        case .assistantUpgrade: "执业助理医师报考执业医师"
        }
    }
}

/// Who may submit before the trial year is complete.
enum UnfinishedTrialAllowance: String, CaseIterable, Codable, Sendable {
    /// Only 应届毕业生 (who sign the 承诺书).
    case freshGraduates = "fresh_graduates"
    case everyone

    var label: String {
        switch self {
        case .freshGraduates: "仅应届毕业生（须签署承诺书）"
        case .everyone: "所有考生"
        }
    }
}

/// The stored table. Decoding rejects an unknown code (the row would be broken, not defaulted).
struct EligibilityTable: Codable, Sendable, Equatable {
    /// One allowed combination of level, route and education levels.
    struct Route: Codable, Sendable, Equatable {
        var examLevel: ExamLevel
        var route: ExamRoute
        var educationLevels: [EducationLevel]
        /// Full years since the assistant practice registration, counted to the completion deadline
        /// (the upgrade route only).
        var practiceYears: Int?
        /// Holds only while the cycle's transitional provision (医师法 art. 65) applies.
        var transitional: Bool
    }

    /// A study form that counts only for those enrolled by a date.
    struct StudyFormLimit: Codable, Sendable, Equatable {
        var educationLevels: [EducationLevel]
        var studyForms: [StudyForm]
        var examLevels: [ExamLevel]
        var enrolledOnOrBefore: CalendarDate
        /// A 执业医师 declaration whose assistant qualification (same category) was obtained on or
        /// before the enrolment date is not limited.
        var exemptIfAssistantQualifiedBefore: Bool
    }

    var routes: [Route]
    var transitionalProvision: Bool
    var studyFormLimits: [StudyFormLimit]
    var unfinishedTrialAllowedFor: UnfinishedTrialAllowance

    /// The rows that apply to a level and route this cycle (transitional ones only while the switch is on).
    func routes(_ level: ExamLevel, _ route: ExamRoute) -> [Route] {
        routes.filter { $0.examLevel == level && $0.route == route && (transitionalProvision || !$0.transitional) }
    }

    /// The row deciding `education` at a level and route, or nil when that education is not eligible.
    func route(_ level: ExamLevel, _ route: ExamRoute, education: EducationLevel) -> Route? {
        routes(level, route).first { $0.educationLevels.contains(education) }
    }

    /// The limit on a study form at an education level for a level, if any.
    func studyFormLimit(_ form: StudyForm, education: EducationLevel, level: ExamLevel) -> StudyFormLimit? {
        studyFormLimits.first { $0.studyForms.contains(form) && $0.educationLevels.contains(education) && $0.examLevels.contains(level) }
    }
}
