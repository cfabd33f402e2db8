import Contracts
import Foundation
import Postgres

/// One candidate's exam information record for a year, as stored (`confirmation.records`).
struct ExamRecord: Sendable {
    let id: UUID
    let account: AccountID
    let year: Int
    /// The unit that saved the current version.
    let institution: InstitutionID
    let status: ExamRecordStatus
    let currentVersion: Int
    /// The last version the candidate confirmed, kept after a later save reopens the record.
    let confirmedVersion: Int?
    let confirmedAt: Date?
    let updatedAt: Date

    static let columns: SQL = "r.id, r.account_id, r.year, r.institution_id, r.status, r.current_version, r.confirmed_version, r.confirmed_at, r.updated_at"

    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        account = AccountID(try row.decode(UUID.self, "account_id"))
        year = try row.decode(Int.self, "year")
        institution = InstitutionID(try row.decode(UUID.self, "institution_id"))
        status = try row.decode(code: ExamRecordStatus.self, "status")
        currentVersion = try row.decode(Int.self, "current_version")
        confirmedVersion = try row.decode(Int?.self, "confirmed_version")
        confirmedAt = try row.decode(Date?.self, "confirmed_at")
        updatedAt = try row.decode(Date.self, "updated_at")
    }
}

/// What the candidate and the unit may do, by status, as pure code.
extension ExamRecordStatus {
    enum Action: String, Sendable, CaseIterable {
        /// The unit saves a new version (also the reply to a dispute).
        case save
        case confirm
        case dispute
    }

    /// The status after `action`, or nil when it is not allowed from here. A save is allowed from
    /// every status (a unit may correct a confirmed record, which then needs confirming again); a
    /// candidate who confirmed may still point out an error.
    func after(_ action: Action) -> ExamRecordStatus? {
        switch (self, action) {
        case (_, .save): .awaitingConfirmation
        case (.awaitingConfirmation, .confirm), (.disputed, .confirm): .confirmed
        case (.awaitingConfirmation, .dispute), (.confirmed, .dispute): .disputed
        default: nil
        }
    }
}

/// One immutable version (`confirmation.record_versions`).
struct RecordVersion: Sendable {
    let version: Int
    let content: ExamRecordContent
    let contentHash: String
    let institution: InstitutionID
    let savedBy: AccountID
    let savedAt: Date
    let source: Source
    let note: String?
    let changedFields: [String]

    enum Source: String, Sendable, Codable {
        case entry, `import`
    }

    static let columns: SQL = "v.version, v.content::text AS content, v.content_hash, v.institution_id, v.saved_by, v.saved_at, v.source, v.note, to_jsonb(v.changed_fields) AS changed_fields"

    init(row: Row) throws {
        version = try row.decode(Int.self, "version")
        content = try ExamRecordContent.decode(try row.decode(String.self, "content"))
        contentHash = try row.decode(String.self, "content_hash")
        institution = InstitutionID(try row.decode(UUID.self, "institution_id"))
        savedBy = AccountID(try row.decode(UUID.self, "saved_by"))
        savedAt = try row.decode(Date.self, "saved_at")
        source = try row.decode(code: Source.self, "source")
        note = try row.decode(String?.self, "note")
        changedFields = try row.decode(PostgresJSON<[String]>.self, "changed_fields").value
    }
}

/// A candidate's request for correction (`confirmation.disputes`).
struct Dispute: Sendable {
    let id: UUID
    let version: Int
    let message: String
    let fields: [String]
    let raisedAt: Date
    /// The save that answered it, if any.
    let answeredByVersion: Int?

    static let columns: SQL = "d.id, d.version, d.message, to_jsonb(d.fields) AS fields, d.raised_at, d.answered_by_version"

    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        version = try row.decode(Int.self, "version")
        message = try row.decode(String.self, "message")
        fields = try row.decode(PostgresJSON<[String]>.self, "fields").value
        raisedAt = try row.decode(Date.self, "raised_at")
        answeredByVersion = try row.decode(Int?.self, "answered_by_version")
    }
}

/// A certificate face the candidate attached themselves.
struct CandidateAttachment: Sendable {
    let path: String
    let attachment: AttachmentID
    let attachedAt: Date

    init(row: Row) throws {
        path = try row.decode(String.self, "path")
        attachment = AttachmentID(try row.decode(UUID.self, "attachment_id"))
        attachedAt = try row.decode(Date.self, "attached_at")
    }
}
extension ExamRecordStatus: LabelledStatus {}


/// A record with what its reader is shown beside it.
struct RecordView: Sendable {
    let year: Int
    let candidate: VerifiedIdentity
    /// The candidate's current unit (申报单位).
    let unit: InstitutionSummary?
    let record: ExamRecord?
    let current: RecordVersion?
    /// Newest first.
    let disputes: [Dispute]
    /// The version that answered the last dispute (its note is the unit's reply), if answered.
    let reply: RecordVersion?
    let candidateAttachments: [CandidateAttachment]

    var status: ExamRecordStatus { record?.status ?? .notEntered }

    /// The certificate faces of the present sections that nobody has attached yet: what the candidate
    /// will still upload (the starred text fields are complete in every saved version).
    var missingAttachments: [String] {
        guard let current else { return [] }
        let attached = Set(candidateAttachments.map(\.path))
        return current.content.attachmentSlots.filter { $0.value == nil && !attached.contains($0.path) }.map(\.path)
    }
}

extension RecordView {
    /// The view as a unit that saved only `versions` may see it: another unit's current version, its
    /// note, the disputes about it and the faces attached to it are left out.
    func restricted(to versions: Set<Int>) -> RecordView {
        let shown = current.flatMap { versions.contains($0.version) ? $0 : nil }
        return RecordView(
            year: year, candidate: candidate, unit: unit, record: record, current: shown, disputes: disputes.filter { versions.contains($0.version) },
            reply: reply.flatMap { versions.contains($0.version) ? $0 : nil }, candidateAttachments: shown == nil ? [] : candidateAttachments
        )
    }
}
