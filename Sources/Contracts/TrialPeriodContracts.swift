import Postgres

/// Offered by TrialPeriod, which owns the exam cycles: the exam year the platform is in. Pre-registration
/// for the 2026 exam runs in late 2025, so it is not the calendar year: it is the configured year
/// (`EXAM_YEAR`) when set, else the year of the latest cycle that has opened, else (before any cycle)
/// the calendar year in China. `GET /me` and the exam-information lists default to it.
public protocol ExamYears: Sendable {
    /// The exam year now.
    func currentExamYear() async throws -> Int
    /// The same as an SQL expression of the authenticating statement's instant `$2::timestamptz`, for a
    /// module's `CallerPreload` (the text is TrialPeriod's; the module embeds it as it is).
    var examYearExpression: SQL { get }
}

/// Offered by TrialPeriod: the approved trial declaration of a candidate for an exam year, which
/// Confirmation uses to pre-fill the trial section of the exam information record.
public protocol TrialApplications: Sendable {
    func approvedApplication(of account: AccountID, year: Int) async throws -> ApprovedTrialApplication?
}

public struct ApprovedTrialApplication: Sendable, Equatable {
    public let account: AccountID
    public let year: Int
    /// The declaring unit, which approved it.
    public let institution: InstitutionID
    public let level: ExamLevel
    public let category: ExamCategory
    /// A TCM sub-type code when the category is `tcm`.
    public let tcmSubtype: String?
    /// 执业助理医师报考执业医师.
    public let assistantUpgrade: Bool
    /// 应届生.
    public let freshGraduate: Bool
    /// The trial institutions as declared, oldest first.
    public let trialInstitutions: [ApprovedTrialPeriod]

    public init(
        account: AccountID, year: Int, institution: InstitutionID, level: ExamLevel, category: ExamCategory, tcmSubtype: String?,
        assistantUpgrade: Bool = false, freshGraduate: Bool = false, trialInstitutions: [ApprovedTrialPeriod]
    ) {
        self.assistantUpgrade = assistantUpgrade
        self.freshGraduate = freshGraduate
        self.account = account
        self.year = year
        self.institution = institution
        self.level = level
        self.category = category
        self.tcmSubtype = tcmSubtype
        self.trialInstitutions = trialInstitutions
    }
}

public struct ApprovedTrialPeriod: Sendable, Equatable {
    public let name: String
    public let startDate: CalendarDate
    public let endDate: CalendarDate?
    /// 岗位.
    public let position: String?
    /// 带教医师.
    public let supervisorName: String?
    /// The candidate's current unit (现所在试用单位).
    public let current: Bool

    public init(
        name: String, startDate: CalendarDate, endDate: CalendarDate?, position: String? = nil, supervisorName: String? = nil, current: Bool = false
    ) {
        self.name = name
        self.startDate = startDate
        self.endDate = endDate
        self.position = position
        self.supervisorName = supervisorName
        self.current = current
    }
}

/// 申报级别: the two levels of the physician qualification exam.
public enum ExamLevel: String, CaseIterable, Sendable, Codable {
    case physician
    case assistantPhysician = "assistant_physician"

    public var label: String {
        switch self {
        case .physician: "执业医师"
        case .assistantPhysician: "执业助理医师"
        }
    }
}

/// 申报类别: `ruralGeneral` exists at the assistant level only.
public enum ExamCategory: String, CaseIterable, Sendable, Codable {
    case clinical, dental
    case publicHealth = "public_health"
    case tcm
    case ruralGeneral = "rural_general"

    public var label: String {
        switch self {
        case .clinical: "临床"
        case .dental: "口腔"
        case .publicHealth: "公共卫生"
        case .tcm: "中医"
        case .ruralGeneral: "乡村全科"
        }
    }
}

extension ExamCategory {
    /// `rural_general` (乡村全科) exists at the assistant level only.
    public func allowed(at level: ExamLevel) -> Bool {
        self != .ruralGeneral || level == .assistantPhysician
    }
}
