import Contracts
import Foundation
import Postgres

/// All SQL for `confirmation.records`, `record_versions`, `disputes` and `candidate_attachments`.
enum ExamRecordStore {
    /// The exam year's status in the authenticating statement: `year` is the exam year as an SQL
    /// expression of the request's instant `$2` (`ExamYears.examYearExpression`, TrialPeriod's text).
    static func callerPreload(year: SQL) -> CallerPreload {
        CallerPreload(
            alias: "exam_record",
            subquery: "SELECT years.year AS exam_record_year, r.status AS exam_record_status FROM (SELECT (" + year + ")::int AS year) AS years"
                + " LEFT JOIN confirmation.records r ON r.account_id = caller.id AND r.year = years.year"
        )
    }

    /// The preloaded exam year and status; nil when the row holds none (query instead).
    static func preloadedRecord(in row: Row) throws -> (year: Int, status: ExamRecordStatus)? {
        guard row.columns.index(of: "exam_record_year") != nil, let year = try row.decode(Int?.self, "exam_record_year") else { return nil }
        return (year, try row.decode(code: ExamRecordStatus?.self, "exam_record_status") ?? .notEntered)
    }

    static func find(account: AccountID, year: Int, lock: Bool = false, on connection: Connection) async throws -> ExamRecord? {
        try await connection.query(
            "SELECT " + ExamRecord.columns + " FROM confirmation.records r WHERE r.account_id = $1 AND r.year = $2" + (lock ? " FOR UPDATE" : ""),
            [account.rawValue, year]
        ).first.map(ExamRecord.init)
    }

    /// Creates the record at version 1; nil when the candidate already has one for the year (a first
    /// save that lost a race).
    static func insert(account: AccountID, year: Int, institution: InstitutionID, at now: Date, on connection: Connection) async throws -> UUID? {
        try await connection.query(
            """
            INSERT INTO confirmation.records (account_id, year, institution_id, status, current_version, created_at, updated_at)
            VALUES ($1, $2, $3, 'awaiting_confirmation', 1, $4, $4)
            ON CONFLICT ON CONSTRAINT records_one_per_year DO NOTHING
            RETURNING id
            """,
            [account.rawValue, year, institution.rawValue, now]
        ).first.map { try $0.decode(UUID.self, "id") }
    }

    /// Moves the record to its next version, only from the version read (a second guard beside the row lock).
    static func advance(_ id: UUID, from version: Int, institution: InstitutionID, at now: Date, on connection: Connection) async throws -> Bool {
        try await connection.query(
            """
            UPDATE confirmation.records
               SET current_version = current_version + 1, status = 'awaiting_confirmation', institution_id = $3, updated_at = $4
             WHERE id = $1 AND current_version = $2
            RETURNING id
            """,
            [id, version, institution.rawValue, now]
        ).count == 1
    }

    static func insertVersion(
        _ record: UUID, version: Int, content: String, hash: String, institution: InstitutionID, savedBy: AccountID, at now: Date,
        source: RecordVersion.Source, note: String?, changedFields: [String], on connection: Connection
    ) async throws {
        try await connection.execute(
            """
            INSERT INTO confirmation.record_versions
                (record_id, version, content, content_hash, institution_id, saved_by, saved_at, source, note, changed_fields)
            VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10::text[])
            """,
            [record, version, content, hash, institution.rawValue, savedBy.rawValue, now, source.rawValue, note, changedFields]
        )
    }

    /// Marks the open disputes as answered by `version`; answers how many there were.
    @discardableResult
    static func answerDisputes(_ record: UUID, byVersion version: Int, on connection: Connection) async throws -> Int {
        try await connection.execute(
            "UPDATE confirmation.disputes SET answered_by_version = $2 WHERE record_id = $1 AND answered_by_version IS NULL", [record, version]
        )
    }

    /// Sets the status, only from the status and version read. `confirmed` records the confirmed version.
    static func setStatus(
        _ id: UUID, from status: ExamRecordStatus, to next: ExamRecordStatus, version: Int, at now: Date, on connection: Connection
    ) async throws -> Bool {
        try await connection.query(
            """
            UPDATE confirmation.records
               SET status = $3,
                   confirmed_version = CASE WHEN $3 = 'confirmed' THEN current_version ELSE confirmed_version END,
                   confirmed_at = CASE WHEN $3 = 'confirmed' THEN $5 ELSE confirmed_at END,
                   updated_at = $5
             WHERE id = $1 AND status = $2 AND current_version = $4
            RETURNING id
            """,
            [id, status.rawValue, next.rawValue, version, now]
        ).count == 1
    }

    /// Answers the dispute's id.
    @discardableResult
    static func insertDispute(_ record: UUID, version: Int, message: String, fields: [String], at now: Date, on connection: Connection) async throws -> UUID {
        let rows = try await connection.query(
            "INSERT INTO confirmation.disputes (record_id, version, message, fields, raised_at) VALUES ($1, $2, $3, $4::text[], $5) RETURNING id",
            [record, version, message, fields, now]
        )
        guard let row = rows.first else { throw PostgresError(.decoding, "INSERT … RETURNING id answered no row") }
        return try row.decode(UUID.self, "id")
    }

    /// When the record's disputes since `since` were raised, oldest first (for the daily limit).
    static func disputeTimes(_ record: UUID, since: Date, on connection: Connection) async throws -> [Date] {
        try await connection.query(
            "SELECT raised_at FROM confirmation.disputes WHERE record_id = $1 AND raised_at > $2 ORDER BY raised_at", [record, since]
        ).map { try $0.decode(Date.self, "raised_at") }
    }

    static func version(_ record: UUID, _ version: Int, on connection: Connection) async throws -> RecordVersion? {
        try await connection.query(
            "SELECT " + RecordVersion.columns + " FROM confirmation.record_versions v WHERE v.record_id = $1 AND v.version = $2", [record, version]
        ).first.map(RecordVersion.init)
    }

    /// The current version of each of `records`, in one query (an export's page).
    static func currentVersions(of records: [UUID], on connection: Connection) async throws -> [UUID: RecordVersion] {
        guard !records.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT r.id AS current_of, " + RecordVersion.columns + """
             FROM confirmation.records r JOIN confirmation.record_versions v ON v.record_id = r.id AND v.version = r.current_version
            WHERE r.id = ANY($1::uuid[])
            """,
            [records]
        )
        var found: [UUID: RecordVersion] = [:]
        for row in rows { found[try row.decode(UUID.self, "current_of")] = try RecordVersion(row: row) }
        return found
    }

    /// The numbers of the record's versions that `unit` saved.
    static func versionNumbers(_ record: UUID, savedBy unit: InstitutionID, on connection: Connection) async throws -> [Int] {
        try await connection.query(
            "SELECT version FROM confirmation.record_versions WHERE record_id = $1 AND institution_id = $2", [record, unit.rawValue]
        ).map { try $0.decode(Int.self, "version") }
    }

    static func versions(_ record: UUID, on connection: Connection) async throws -> [RecordVersion] {
        try await connection.query(
            "SELECT " + RecordVersion.columns + " FROM confirmation.record_versions v WHERE v.record_id = $1 ORDER BY v.version DESC", [record]
        ).map(RecordVersion.init)
    }

    static func disputes(_ record: UUID, on connection: Connection) async throws -> [Dispute] {
        try await connection.query(
            "SELECT " + Dispute.columns + " FROM confirmation.disputes d WHERE d.record_id = $1 ORDER BY d.raised_at DESC, d.id", [record]
        ).map(Dispute.init)
    }

    static func candidateAttachments(_ record: UUID, on connection: Connection) async throws -> [CandidateAttachment] {
        try await connection.query(
            "SELECT path, attachment_id, attached_at FROM confirmation.candidate_attachments WHERE record_id = $1 ORDER BY path", [record]
        ).map(CandidateAttachment.init)
    }

    static func putCandidateAttachment(_ record: UUID, path: String, attachment: AttachmentID, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            INSERT INTO confirmation.candidate_attachments (record_id, path, attachment_id, attached_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (record_id, path) DO UPDATE SET attachment_id = EXCLUDED.attachment_id, attached_at = EXCLUDED.attached_at
            """,
            [record, path, attachment.rawValue, now]
        )
    }

    /// Every record of `account`, newest year first (the candidate's list of years, a handful at most).
    static func records(ofAccount account: AccountID, on connection: Connection) async throws -> [ExamRecord] {
        try await connection.query(
            "SELECT " + ExamRecord.columns + " FROM confirmation.records r WHERE r.account_id = $1 ORDER BY r.year DESC", [account.rawValue]
        ).map(ExamRecord.init)
    }

    /// A year's records of `accounts` with each one's open dispute, in one statement (the unit's list).
    static func records(of accounts: [AccountID], year: Int, on connection: Connection) async throws -> [AccountID: ListedRecord] {
        guard !accounts.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT " + ExamRecord.columns + """
            , d.message AS dispute_message, to_jsonb(d.fields) AS dispute_fields, d.raised_at AS dispute_raised_at
              FROM confirmation.records r
              LEFT JOIN LATERAL (
                    SELECT message, fields, raised_at FROM confirmation.disputes
                     WHERE record_id = r.id AND answered_by_version IS NULL ORDER BY raised_at DESC LIMIT 1
                   ) d ON true
             WHERE r.year = $1 AND r.account_id = ANY($2::uuid[])
            """,
            [year, accounts.map(\.rawValue)]
        )
        var out: [AccountID: ListedRecord] = [:]
        for row in rows {
            let listed = try ListedRecord(row: row)
            out[listed.record.account] = listed
        }
        return out
    }

    struct ListedRecord: Sendable {
        let record: ExamRecord
        let openDispute: OpenDispute?

        /// A record's columns with its open dispute's (`dispute_message`, `dispute_fields`, `dispute_raised_at`).
        init(row: Row) throws {
            record = try ExamRecord(row: row)
            if record.status == .disputed, let message = try row.decode(String?.self, "dispute_message"), let at = try row.decode(Date?.self, "dispute_raised_at") {
                openDispute = OpenDispute(message: message, fields: try row.decode(PostgresJSON<[String]>?.self, "dispute_fields")?.value ?? [], raisedAt: at)
            } else {
                openDispute = nil
            }
        }

        struct OpenDispute: Sendable {
            let message: String
            let fields: [String]
            let raisedAt: Date
        }
    }
}
