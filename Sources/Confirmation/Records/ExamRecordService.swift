import Audit
import Contracts
import Foundation
import Postgres
import Web

/// The unit's side: read a bound candidate's record, save versions (one by one or from the import),
/// the prefill from the approved declaration, versions and their differences, the list. Route groups
/// have already checked that the caller administers the unit; here a candidate who is not bound to it
/// (or not verified) is simply not found.
struct ExamRecordService: Sendable {
    let database: Database
    let clock: any WallClock
    let identities: any IdentityDirectory
    let employment: any EmploymentDirectory
    let trials: any TrialApplications
    let attachments: any AttachmentStore
    /// The exam year the lists default to.
    let examYears: any ExamYears
    /// The candidate hears of each version to confirm, the unit's administrators of each dispute.
    let notifier: any Notifier
    let unitAdministrators: any UnitAdministratorDirectory

    static let entityType = "exam_record"
    static let years = 2000...2999

    // MARK: Reading

    /// The unit's view: only what this unit saved, and the disputes about it. A candidate who changed
    /// unit brings their record along, but not the previous unit's versions, notes and correspondence.
    func view(_ account: AccountID, year: Int, of unit: InstitutionID) async throws -> RecordView {
        let candidate = try await boundCandidate(account, of: unit)
        let view = try await view(of: candidate, year: year)
        guard let record = view.record else { return view }
        let own = try await database.withConnection { try await ExamRecordStore.versionNumbers(record.id, savedBy: unit, on: $0) }
        return view.restricted(to: Set(own))
    }

    /// What both sides see: the record, its current version, disputes and the candidate's own faces.
    func view(of candidate: VerifiedIdentity, year: Int) async throws -> RecordView {
        let (record, current, disputes, reply, faces) = try await database.withConnection { connection in
            guard let record = try await ExamRecordStore.find(account: candidate.account, year: year, on: connection) else {
                return (ExamRecord?.none, RecordVersion?.none, [Dispute](), RecordVersion?.none, [CandidateAttachment]())
            }
            let disputes = try await ExamRecordStore.disputes(record.id, on: connection)
            var reply: RecordVersion?
            if let answer = disputes.first?.answeredByVersion { reply = try await ExamRecordStore.version(record.id, answer, on: connection) }
            return (
                record, try await ExamRecordStore.version(record.id, record.currentVersion, on: connection), disputes, reply,
                try await ExamRecordStore.candidateAttachments(record.id, on: connection)
            )
        }
        return RecordView(
            year: year, candidate: candidate, unit: try await employment.currentEmployment(of: candidate.account)?.institution, record: record, current: current, disputes: disputes,
            reply: reply, candidateAttachments: faces
        )
    }

    func versions(_ account: AccountID, year: Int, of unit: InstitutionID) async throws -> [RecordVersion] {
        _ = try await boundCandidate(account, of: unit)
        return try await database.withConnection { connection in
            guard let record = try await ExamRecordStore.find(account: account, year: year, on: connection) else { throw Problem.notFound }
            return try await ExamRecordStore.versions(record.id, on: connection).filter { $0.institution == unit }
        }
    }

    /// Version `number` and its field-by-field difference from `other` (by default the version before it).
    func version(
        _ account: AccountID, year: Int, of unit: InstitutionID, number: Int, comparedTo other: Int?
    ) async throws -> (RecordVersion, base: RecordVersion?, changes: [FieldChange]) {
        _ = try await boundCandidate(account, of: unit)
        return try await database.withConnection { connection in
            // Another unit's versions (before the candidate changed unit) are not this unit's to read.
            guard let record = try await ExamRecordStore.find(account: account, year: year, on: connection),
                  let version = try await ExamRecordStore.version(record.id, number, on: connection), version.institution == unit
            else { throw Problem.notFound }
            var base: RecordVersion?
            if let other {
                guard let found = try await ExamRecordStore.version(record.id, other, on: connection), found.institution == unit else { throw Problem.notFound }
                base = found
            } else if number > 1 {
                base = try await ExamRecordStore.version(record.id, number - 1, on: connection).flatMap { $0.institution == unit ? $0 : nil }
            }
            return (version, base, try FieldChange.between(base?.content, version.content))
        }
    }

    /// The trial section as the candidate's approved declaration for the year states it (its current
    /// trial institution), or nil when there is none.
    func prefill(_ account: AccountID, year: Int, of unit: InstitutionID) async throws -> ApprovedTrialApplication? {
        _ = try await boundCandidate(account, of: unit)
        return try await trials.approvedApplication(of: account, year: year)
    }

    // MARK: Saving

    /// Saves a new version of the candidate's record. `version` is the one it replaces: nil for the
    /// first save; a stale one (or nil when a record exists) is a 409, so nobody overwrites what they
    /// have not seen.
    func save(
        _ account: AccountID, year: Int, of unit: InstitutionID, _ input: ExamRecordInput, version: Int?, note rawNote: String?,
        by saver: AccountID, origin: RequestOrigin
    ) async throws -> RecordView {
        let candidate = try await boundCandidate(account, of: unit)
        guard account != saver else { throw ConfirmationProblems.ownRecord }
        let note = try Self.noteRule.optional(rawNote)
        let owned = try await ownedAttachments(input.attachmentIDs, by: saver)
        let today = CalendarDate(inChina: clock.now())
        let now = clock.now()
        try await database.transaction { connection in
            let record = try await ExamRecordStore.find(account: account, year: year, lock: true, on: connection)
            guard version == record?.currentVersion else { throw ConfirmationProblems.versionConflict }
            let current = try await Self.currentContent(of: record, on: connection)
            let content = try await Self.validated(input, owned: owned, record: record, current: current, today: today, on: connection)
            _ = try await Self.store(
                content, for: account, year: year, unit: unit, over: record, previous: current, note: note, source: .entry, by: saver, at: now,
                origin: origin, attachments: attachments, notifier: notifier, on: connection
            )
        }
        return try await view(of: candidate, year: year)
    }

    static let noteRule = TextInput(field: "note", label: "说明", maximumScalars: 500, multiline: true)

    /// The attachments among `ids` that `saver` uploaded, with their purpose, in one query (read before
    /// the transaction: the store answers on its own connection).
    func ownedAttachments(_ ids: [AttachmentID], by saver: AccountID) async throws -> [String: AttachmentPurpose] {
        Dictionary(try await attachments.attachments(ids, ownedBy: saver).map { ($0.id.description, $0.purpose) }, uniquingKeysWith: { first, _ in first })
    }

    /// The content of the record's current version (read once per save, on its transaction).
    static func currentContent(of record: ExamRecord?, on connection: Connection) async throws -> ExamRecordContent? {
        guard let record else { return nil }
        return try await ExamRecordStore.version(record.id, record.currentVersion, on: connection)?.content
    }

    /// The input as content, allowing the saver's own uploads and whatever the record (whose current
    /// content is `current`) already holds.
    static func validated(
        _ input: ExamRecordInput, owned: [String: AttachmentPurpose], record: ExamRecord?, current: ExamRecordContent?, today: CalendarDate,
        on connection: Connection
    ) async throws -> ExamRecordContent {
        var usable = owned
        if let record, let current {
            let slots = current.attachmentSlots
            for slot in slots { if let id = slot.value { usable[id] = slot.purpose } }
            let purposes = Dictionary(slots.map { ($0.path, $0.purpose) }, uniquingKeysWith: { first, _ in first })
            for face in try await ExamRecordStore.candidateAttachments(record.id, on: connection) {
                if let purpose = purposes[face.path] { usable[face.attachment.description] = purpose }
            }
        }
        switch ExamRecordRules.content(input, attachments: usable, today: today) {
        case .success(let content): return content
        case .failure(let problem): throw problem
        }
    }

    /// Writes `content` as the next version of the record (creating it at version 1), answers open
    /// disputes, lets the candidate and the unit read its attachments, records the audit event and
    /// tells the candidate, on the caller's transaction. Answers the new version number.
    static func store(
        _ content: ExamRecordContent, for account: AccountID, year: Int, unit: InstitutionID, over record: ExamRecord?,
        previous: ExamRecordContent?, note: String?, source: RecordVersion.Source, by saver: AccountID, at now: Date, origin: RequestOrigin,
        attachments: any AttachmentStore, notifier: any Notifier, on connection: Connection
    ) async throws -> Int {
        let recordID: UUID
        let number: Int
        if let record {
            guard try await ExamRecordStore.advance(record.id, from: record.currentVersion, institution: unit, at: now, on: connection) else {
                throw ConfirmationProblems.versionConflict
            }
            recordID = record.id
            number = record.currentVersion + 1
        } else {
            guard let id = try await ExamRecordStore.insert(account: account, year: year, institution: unit, at: now, on: connection) else {
                throw ConfirmationProblems.versionConflict
            }
            recordID = id
            number = 1
        }
        let json = String(decoding: try content.canonicalJSON(), as: UTF8.self)
        let hash = try content.contentHash()
        let changed = try FieldChange.between(previous, content).map(\.field)
        try await ExamRecordStore.insertVersion(
            recordID, version: number, content: json, hash: hash, institution: unit, savedBy: saver, at: now, source: source, note: note,
            changedFields: changed, on: connection
        )
        let answered = try await ExamRecordStore.answerDisputes(recordID, byVersion: number, on: connection)
        for slot in content.attachmentSlots {
            guard let text = slot.value, let id = AttachmentID(text) else { continue }
            _ = try await attachments.link(id, ownedBy: saver, to: EntityReference(type: entityType, id: recordID.uuidString.lowercased()), on: connection)
            try await attachments.grantRead(id, to: .account(account), on: connection)
            try await attachments.grantRead(id, to: .unitAdmins(unit), on: connection)
        }
        try await connection.record(
            AuditEvent(
                action: source == .entry ? "exam_record.save" : "exam_record.import", entityType: entityType,
                entityID: recordID.uuidString.lowercased(), fromState: record?.status.rawValue ?? ExamRecordStatus.notEntered.rawValue,
                toState: ExamRecordStatus.awaitingConfirmation.rawValue,
                details: ["version": String(number), "content_hash": hash, "changed_fields": String(changed.count), "institution_id": unit.description]
            ),
            origin: origin
        )
        try await notifier.notify(
            RecordMessages.candidateMessage(record: recordID, account: account, year: year, version: number, answeredDisputes: answered > 0),
            on: connection
        )
        return number
    }

    // MARK: Access

    /// The candidate, when verified and bound to `unit` now; 404 otherwise (another unit's staff).
    func boundCandidate(_ account: AccountID, of unit: InstitutionID) async throws -> VerifiedIdentity {
        guard try await employment.isBound(account, to: unit), let identity = try await identities.verifiedIdentity(of: account) else {
            throw Problem.notFound
        }
        return identity
    }
}

/// One field that differs between two versions, as JSON text (`null` when absent on that side).
struct FieldChange: Sendable, Equatable {
    let field: String
    let from: String?
    let to: String?

    static func between(_ old: ExamRecordContent?, _ new: ExamRecordContent) throws -> [FieldChange] {
        let before = try old?.leaves() ?? [:]
        let after = try new.leaves()
        return Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted().map {
            FieldChange(field: $0, from: before[$0], to: after[$0])
        }
    }
}
