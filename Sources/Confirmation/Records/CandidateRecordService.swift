import Audit
import Contracts
import Foundation
import Postgres
import Web

/// The candidate's side (医师资格考试信息确认): read their record, confirm exactly the version they
/// saw, ask their unit to correct it, attach certificate faces themselves.
struct CandidateRecordService: Sendable {
    let records: ExamRecordService
    /// Disputes of one record in any 24 hours (a sliding window, as every limit: docs/adr/0005).
    let disputesPerDay: Int
    static let disputeWindow: TimeInterval = 24 * 60 * 60

    static let messageRule = TextInput(field: "message", label: "需要更正的内容", maximumScalars: 500, multiline: true)
    static let maximumDisputedFields = 50

    var database: Database { records.database }
    var clock: any WallClock { records.clock }

    func view(of account: AccountID, year: Int) async throws -> RecordView {
        try await records.view(of: try await candidate(account), year: year)
    }

    /// The candidate's records, newest year first, and the exam year (the pages' list of years).
    func years(of account: AccountID) async throws -> (examYear: Int, records: [ExamRecord]) {
        let year = try await records.examYears.currentExamYear()
        return (year, try await database.withConnection { try await ExamRecordStore.records(ofAccount: account, on: $0) })
    }

    /// Every version of the candidate's record, newest first: the record is theirs, whichever unit
    /// saved each version (a unit sees only its own: `ExamRecordService.versions`). 404 without a record.
    func versions(of account: AccountID, year: Int) async throws -> [RecordVersion] {
        _ = try await candidate(account)
        return try await database.withConnection { connection in
            guard let record = try await ExamRecordStore.find(account: account, year: year, on: connection) else { throw Problem.notFound }
            return try await ExamRecordStore.versions(record.id, on: connection)
        }
    }

    /// Confirms `version`, which must be the current one: a stale version is a 409, so nobody confirms
    /// data they have not seen. The audit event names the version and its content hash.
    func confirm(_ account: AccountID, year: Int, version: Int, origin: RequestOrigin) async throws -> RecordView {
        let candidate = try await candidate(account)
        let now = clock.now()
        try await database.transaction { connection in
            let record = try await Self.record(of: account, year: year, on: connection)
            guard record.currentVersion == version else { throw ConfirmationProblems.versionConflict }
            guard let next = record.status.after(.confirm) else { throw Problem.invalidTransition(from: record.status) }
            guard let stored = try await ExamRecordStore.version(record.id, version, on: connection) else { throw ConfirmationProblems.versionConflict }
            // A version the candidate saved themselves (as their unit's administrator, before saving
            // one's own record was refused) is not confirmed by the same person.
            guard stored.savedBy != account else { throw ConfirmationProblems.ownRecord }
            guard try await ExamRecordStore.setStatus(record.id, from: record.status, to: next, version: version, at: now, on: connection)
            else { throw ConfirmationProblems.versionConflict }
            try await connection.record(
                Self.event("exam_record.confirm", record, to: next, details: ["version": String(version), "content_hash": stored.contentHash]),
                origin: origin
            )
        }
        return try await records.view(of: candidate, year: year)
    }

    /// Asks the unit to correct the current version: a message and, optionally, the fields concerned
    /// (paths of the record, or section names).
    func dispute(_ account: AccountID, year: Int, message raw: String, fields: [String], origin: RequestOrigin) async throws -> RecordView {
        let candidate = try await candidate(account)
        let message: String
        switch Self.messageRule.validate(raw) {
        case .success(let text): message = text
        case .failure(let problem): throw Problem.validation([problem])
        }
        if fields.count > Self.maximumDisputedFields {
            throw Problem.validation([ConfirmationProblems.tooManyDisputedFields(maximum: Self.maximumDisputedFields)])
        }
        let now = clock.now()
        try await database.transaction { connection in
            let record = try await Self.record(of: account, year: year, on: connection)
            guard let next = record.status.after(.dispute) else { throw Problem.invalidTransition(from: record.status) }
            // Counted under the record's row lock, so disputes fired together are counted exactly.
            let since = now.addingTimeInterval(-Self.disputeWindow)
            let times = try await ExamRecordStore.disputeTimes(record.id, since: since, on: connection)
            if times.count >= disputesPerDay, let oldest = times.first {
                throw ConfirmationProblems.tooManyDisputes(retryAfter: Int(oldest.addingTimeInterval(Self.disputeWindow).timeIntervalSince(now).rounded(.up)))
            }
            guard let current = try await ExamRecordStore.version(record.id, record.currentVersion, on: connection) else { throw Problem.notFound }
            let known = try Self.disputablePaths(of: current.content)
            let unknown = fields.enumerated().filter { !known.contains($0.element) }
            if !unknown.isEmpty {
                throw Problem.validation(unknown.map { ConfirmationProblems.unknownDisputedField(at: $0.offset) })
            }
            guard try await ExamRecordStore.setStatus(record.id, from: record.status, to: next, version: record.currentVersion, at: now, on: connection) else {
                throw ConfirmationProblems.versionConflict
            }
            let dispute = try await ExamRecordStore.insertDispute(record.id, version: record.currentVersion, message: message, fields: fields, at: now, on: connection)
            try await connection.record(
                Self.event("exam_record.dispute", record, to: next, details: ["version": String(record.currentVersion), "fields": String(fields.count)]),
                origin: origin
            )
            let administrators = try await records.unitAdministrators.administrators(of: record.institution, on: connection)
            for note in RecordMessages.unitMessages(
                dispute: dispute, record: record.id, account: account, name: candidate.realName, year: year, unit: record.institution,
                message: message, administrators: administrators
            ) {
                try await records.notifier.notify(note, on: connection)
            }
        }
        return try await records.view(of: candidate, year: year)
    }

    /// Attaches the candidate's own upload to a certificate face of the current version (证书A面/B面),
    /// without changing the entered text and without a new version; the unit may read it.
    func attach(_ account: AccountID, year: Int, path: String, attachment rawID: String, origin: RequestOrigin) async throws -> RecordView {
        let candidate = try await candidate(account)
        guard let id = AttachmentID(rawID), let summary = try await records.attachments.attachment(id, ownedBy: account) else {
            throw Problem.validation([ConfirmationProblems.attachmentNotFound])
        }
        let now = clock.now()
        try await database.transaction { connection in
            let record = try await Self.record(of: account, year: year, on: connection)
            guard let current = try await ExamRecordStore.version(record.id, record.currentVersion, on: connection) else { throw Problem.notFound }
            guard let slot = current.content.attachmentSlots.first(where: { $0.path == path }) else {
                throw Problem.validation([ConfirmationProblems.unknownPath])
            }
            guard slot.purpose == summary.purpose else {
                throw Problem.validation([ConfirmationProblems.wrongAttachmentPurpose(slot.purpose)])
            }
            try await ExamRecordStore.putCandidateAttachment(record.id, path: path, attachment: id, at: now, on: connection)
            _ = try await records.attachments.link(
                id, ownedBy: account, to: EntityReference(type: ExamRecordService.entityType, id: record.id.uuidString.lowercased()), on: connection
            )
            try await records.attachments.grantRead(id, to: .unitAdmins(record.institution), on: connection)
            try await connection.record(
                Self.event("exam_record.attach", record, to: record.status, details: ["path": path, "attachment_id": id.description]), origin: origin
            )
        }
        return try await records.view(of: candidate, year: year)
    }

    // MARK: Helpers

    private func candidate(_ account: AccountID) async throws -> VerifiedIdentity {
        guard let identity = try await records.identities.verifiedIdentity(of: account) else {
            throw Problem.verificationRequired
        }
        return identity
    }

    /// The candidate's record, locked until the transaction ends; 409 when the unit has entered nothing.
    private static func record(of account: AccountID, year: Int, on connection: Connection) async throws -> ExamRecord {
        guard let record = try await ExamRecordStore.find(account: account, year: year, lock: true, on: connection) else {
            throw ConfirmationProblems.notEntered
        }
        return record
    }

    /// What a dispute may point at: every leaf path of the version and every section name.
    static func disputablePaths(of content: ExamRecordContent) throws -> Set<String> {
        Set(try content.leaves().keys).union(["education", "title", "qualificationCertificates", "practiceCertificate", "nurseCertificate", "trial"])
    }

    private static func event(_ action: String, _ record: ExamRecord, to next: ExamRecordStatus, details: [String: String]) -> AuditEvent {
        AuditEvent(
            action: action, entityType: ExamRecordService.entityType, entityID: record.id.uuidString.lowercased(), fromState: record.status.rawValue,
            toState: next.rawValue, details: details
        )
    }
}
