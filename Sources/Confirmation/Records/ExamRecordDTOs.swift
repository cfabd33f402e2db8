import Contracts
import Foundation
import Hummingbird
import Web

// The only Confirmation types that reach HTTP (besides the record's content, whose stored document is
// its wire shape: see ExamRecordContent).

struct ConfirmRequest: Decodable, Sendable {
    let version: Int
}

struct DisputeRequest: Decodable, Sendable {
    let message: String
    let fields: [String]?
}

struct AttachRequest: Decodable, Sendable {
    let path: String
    let attachmentId: String
}

// MARK: Responses

struct CandidateResponse: Encodable, Sendable {
    let accountId: String
    let realName: String
    let documentType: String
    /// Whole: only the candidate and their unit (which enters it from the originals) read a record.
    let documentNumber: String

    init(_ identity: VerifiedIdentity) {
        accountId = identity.account.description
        realName = identity.realName
        documentType = identity.documentType
        documentNumber = identity.documentNumber
    }
}

struct UnitResponse: Encodable, Sendable {
    let id: String
    let name: String
    let uscc: String
}

struct DisputeResponse: Encodable, Sendable {
    let version: Int
    let message: String
    let fields: [String]
    let raisedAt: Date
    @Nullable var answeredByVersion: Int?
    /// The unit's note on the version that answered it.
    @Nullable var reply: String?

    init(_ dispute: Dispute, reply: RecordVersion?) {
        version = dispute.version
        message = dispute.message
        fields = dispute.fields
        raisedAt = dispute.raisedAt
        answeredByVersion = dispute.answeredByVersion
        self.reply = reply?.version == dispute.answeredByVersion ? reply?.note : nil
    }
}

struct CandidateAttachmentResponse: Encodable, Sendable {
    let path: String
    let attachmentId: String
    let attachedAt: Date
}

/// A record as both sides see it, with the last dispute and the unit's reply to it; `allowedActions`
/// depends on the side asking.
struct RecordResponse: ResponseEncodable, Sendable {
    let year: Int
    let status: String
    let candidate: CandidateResponse
    @Nullable var unit: UnitResponse?
    @Nullable var version: Int?
    @Nullable var confirmedVersion: Int?
    @Nullable var confirmedAt: Date?
    @Nullable var updatedAt: Date?
    @Nullable var savedAt: Date?
    @Nullable var contentHash: String?
    @Nullable var content: ExamRecordContent?
    let missingAttachments: [String]
    let candidateAttachments: [CandidateAttachmentResponse]
    @Nullable var lastDispute: DisputeResponse?
    let allowedActions: [String]

    init(_ view: RecordView, forCandidate: Bool) {
        year = view.year
        status = view.status.rawValue
        candidate = CandidateResponse(view.candidate)
        unit = view.unit.map { UnitResponse(id: $0.id.description, name: $0.name, uscc: $0.uscc) }
        version = view.record?.currentVersion
        confirmedVersion = view.record?.confirmedVersion
        confirmedAt = view.record?.confirmedAt
        updatedAt = view.record?.updatedAt
        savedAt = view.current?.savedAt
        contentHash = view.current?.contentHash
        content = view.current?.content
        missingAttachments = view.missingAttachments
        candidateAttachments = view.candidateAttachments.map {
            CandidateAttachmentResponse(path: $0.path, attachmentId: $0.attachment.description, attachedAt: $0.attachedAt)
        }
        lastDispute = view.disputes.first.map { DisputeResponse($0, reply: view.reply) }
        let actions: [ExamRecordStatus.Action] = forCandidate ? [.confirm, .dispute] : [.save]
        allowedActions = view.record == nil ? (forCandidate ? [] : ["save"]) : actions.filter { view.status.after($0) != nil }.map(\.rawValue)
    }
}

struct VersionSummaryResponse: Encodable, Sendable {
    let version: Int
    let savedAt: Date
    let savedBy: String
    let source: String
    @Nullable var note: String?
    let contentHash: String
    let changedFields: [String]

    init(_ version: RecordVersion) {
        self.version = version.version
        savedAt = version.savedAt
        savedBy = version.savedBy.description
        source = version.source.rawValue
        note = version.note
        contentHash = version.contentHash
        changedFields = version.changedFields
    }
}

struct VersionListResponse: ResponseEncodable, Sendable {
    let items: [VersionSummaryResponse]
}

struct FieldChangeResponse: Encodable, Sendable {
    let field: String
    @Nullable var from: String?
    @Nullable var to: String?
}

struct VersionResponse: ResponseEncodable, Sendable {
    let version: Int
    let savedAt: Date
    let savedBy: String
    let source: String
    @Nullable var note: String?
    let contentHash: String
    let content: ExamRecordContent
    /// The version the changes are counted from (null for the first version).
    @Nullable var comparedTo: Int?
    let changes: [FieldChangeResponse]

    init(_ version: RecordVersion, base: RecordVersion?, changes: [FieldChange]) {
        self.version = version.version
        savedAt = version.savedAt
        savedBy = version.savedBy.description
        source = version.source.rawValue
        note = version.note
        contentHash = version.contentHash
        content = version.content
        comparedTo = base?.version
        self.changes = changes.map { FieldChangeResponse(field: $0.field, from: $0.from, to: $0.to) }
    }
}

/// `GET …/prefill`: the trial section as the approved declaration states it (fields it does not hold
/// are null), or `trial: null` when there is no approved declaration.
struct PrefillResponse: ResponseEncodable, Sendable {
    @Nullable var trial: TrialPrefill?

    struct TrialPrefill: Encodable, Sendable {
        @Nullable var position: String?
        let category: String
        let assistantUpgrade: Bool
        let freshGraduate: Bool
        let startDate: CalendarDate
        @Nullable var endDate: CalendarDate?
        @Nullable var supervisorName: String?
        /// The trial institution the section was taken from.
        let institutionName: String
    }

    init(_ application: ApprovedTrialApplication?) {
        // The section is the current unit's (试用期单位（当前工作单位）): the entry marked current, else the latest.
        guard let application, let period = application.trialInstitutions.last(where: \.current) ?? application.trialInstitutions.last else {
            trial = nil
            return
        }
        trial = TrialPrefill(
            position: period.position, category: application.category.rawValue, assistantUpgrade: application.assistantUpgrade,
            freshGraduate: application.freshGraduate, startDate: period.startDate, endDate: period.endDate, supervisorName: period.supervisorName,
            institutionName: period.name
        )
    }
}

struct ListItemResponse: Encodable, Sendable {
    let accountId: String
    let realName: String
    /// Masked in lists; the record itself shows it whole.
    let documentNumber: String
    let status: String
    @Nullable var version: Int?
    @Nullable var confirmedVersion: Int?
    @Nullable var updatedAt: Date?
    @Nullable var openDispute: OpenDisputeResponse?

    struct OpenDisputeResponse: Encodable, Sendable {
        let message: String
        let fields: [String]
        let raisedAt: Date
    }

    init(_ item: RecordListService.Item) {
        accountId = item.candidate.account.description
        realName = item.candidate.realName
        documentNumber = DocumentNumberMask.masked(item.candidate.documentNumber)
        status = item.status.rawValue
        version = item.listed?.record.currentVersion
        confirmedVersion = item.listed?.record.confirmedVersion
        updatedAt = item.listed?.record.updatedAt
        openDispute = item.listed?.openDispute.map { OpenDisputeResponse(message: $0.message, fields: $0.fields, raisedAt: $0.raisedAt) }
    }
}

struct RecordPageResponse: ResponseEncodable, Sendable {
    let items: [ListItemResponse]
    @Nullable var nextCursor: String?
    /// Per status, over the whole year and name filter (not only this page or status).
    let counts: [String: Int]
}
