import Contracts
import Foundation
import Postgres

/// 申报状态, and the transitions of DESIGN.md's machine as pure code.
enum DeclarationStatus: String, CaseIterable, Sendable {
    case draft, submitted, returned, approved
    case modificationAllowed = "modification_allowed"

    var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "待审核"
        case .returned: "已退回"
        case .approved: "审核通过"
        case .modificationAllowed: "允许修改"
        }
    }

    /// Only these may be edited (and submitted) by the candidate.
    var isEditable: Bool { self == .draft || self == .returned || self == .modificationAllowed }

    /// The unit sent it back to the candidate (退回 or 允许修改): editable until the review deadline,
    /// not only until the window closes (ADR 0021).
    var isReopenedByUnit: Bool { self == .returned || self == .modificationAllowed }

    enum Action: String, CaseIterable, Sendable {
        case submit, withdraw, approve
        case returnToCandidate = "return"
        case allowModification = "allow_modification"
        /// The unit takes its 允许修改 back while the candidate has changed nothing.
        case undoModification = "undo_modification"
    }

    /// The state after `action`, or nil when the action is not allowed in this state.
    func after(_ action: Action) -> DeclarationStatus? {
        switch (self, action) {
        case (.draft, .submit), (.returned, .submit), (.modificationAllowed, .submit): .submitted
        case (.submitted, .withdraw): .draft
        case (.submitted, .approve): .approved
        case (.submitted, .returnToCandidate): .returned
        case (.approved, .allowModification): .modificationAllowed
        case (.modificationAllowed, .undoModification): .approved
        default: nil
        }
    }
}

/// 学历信息: everything optional until submission.
struct Education: Sendable, Equatable {
    var level: EducationLevel?
    var studyForm: StudyForm?
    var school: String?
    var major: String?
    var enrolledOn: CalendarDate?
    var graduatedOn: CalendarDate?
    var diplomaNumber: String?

    static let empty = Education()
}

/// 执业助理医师报考执业医师: the two certificate numbers, when the assistant practice was registered
/// (the practice years count from it), the qualification's category and when it was obtained.
struct AssistantUpgrade: Sendable, Equatable {
    var qualificationCertificateNumber: String?
    var practiceCertificateNumber: String?
    var practiceRegisteredOn: CalendarDate?
    var qualificationCategory: ExamCategory?
    /// Needed only when a degree enrolled after its study form's date counts because the assistant
    /// qualification came first.
    var qualifiedOn: CalendarDate?
}

/// One 试用/工作机构 entry.
struct TrialInstitutionEntry: Sendable, Equatable {
    var name: String?
    var department: String?
    var position: String?
    var startDate: CalendarDate?
    var endDate: CalendarDate?
    var supervisorName: String?
    var current: Bool
    /// The current unit's check of a previous institution.
    var confirmation: EntryConfirmation?
}

struct EntryConfirmation: Sendable, Equatable {
    let confirmed: Bool
    let note: String?
    let at: Date
}

struct DeclaredAttachment: Sendable, Equatable {
    let purpose: DeclarationAttachmentPurpose
    let attachment: AttachmentID
}

/// What the candidate edits (`PUT`), checked for shape; completeness is checked at submission.
struct DeclarationContent: Sendable, Equatable {
    var level: ExamLevel
    var category: ExamCategory
    var tcmSubtype: TCMSubtype?
    var education: Education
    var assistantUpgrade: AssistantUpgrade?
    var freshGraduate: Bool
    var trialInstitutions: [TrialInstitutionEntry]
    var attachments: [DeclaredAttachment]
    /// 现役军人, as the candidate declares it (not inferred from the document type).
    var activeMilitary: Bool = false

    /// The route the eligibility table decides by: the upgrade block counts at the 执业医师 level only
    /// (elsewhere it is refused as `physician_only`).
    var route: ExamRoute { level == .physician && assistantUpgrade != nil ? .assistantUpgrade : .trial }
}

/// One declaration with its entries: a stored model.
struct Declaration: Sendable {
    let id: UUID
    let cycle: Int
    let account: AccountID
    let institution: InstitutionID
    let applicantName: String
    let status: DeclarationStatus
    let version: Int
    let noticeAcknowledgedAt: Date
    let content: DeclarationContent
    let createdAt: Date
    let updatedAt: Date
    let submittedAt: Date?
    let approvedAt: Date?
    /// The version when the unit allowed modification; nil in every other status.
    let reopenedVersion: Int?

    /// Reopened (允许修改) and not edited since: the unit may still undo its reopening.
    var isUnchangedSinceReopened: Bool { status == .modificationAllowed && reopenedVersion == version }

    var entity: EntityReference { EntityReference(type: "trial_application", id: id.uuidString.lowercased()) }
}

/// A line of the candidate's 记录 list or the unit's review list.
struct DeclarationSummary: Sendable {
    let id: UUID
    let cycle: Int
    let account: AccountID
    let institution: InstitutionID
    let applicantName: String
    let status: DeclarationStatus
    let version: Int
    let level: ExamLevel
    let category: ExamCategory
    let tcmSubtype: TCMSubtype?
    let updatedAt: Date
    let submittedAt: Date?
    let approvedAt: Date?

    static let columns: SQL = """
        id, cycle, account_id, institution_id, applicant_name, status, version, level, category, tcm_subtype, updated_at,
        submitted_at, approved_at
        """

    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        cycle = try row.decode(Int.self, "cycle")
        account = AccountID(try row.decode(UUID.self, "account_id"))
        institution = InstitutionID(try row.decode(UUID.self, "institution_id"))
        applicantName = try row.decode(String.self, "applicant_name")
        status = try row.decode(code: DeclarationStatus.self, "status")
        version = try row.decode(Int.self, "version")
        level = try row.decode(code: ExamLevel.self, "level")
        category = try row.decode(code: ExamCategory.self, "category")
        tcmSubtype = try row.decode(code: TCMSubtype?.self, "tcm_subtype")
        updatedAt = try row.decode(Date.self, "updated_at")
        submittedAt = try row.decode(Date?.self, "submitted_at")
        approvedAt = try row.decode(Date?.self, "approved_at")
    }
}

/// Who acted on a declaration, as its progress shows it.
enum ActorRole: String, Sendable {
    case candidate, unit
}
extension DeclarationStatus: LabelledStatus {}
