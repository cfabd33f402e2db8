import Contracts
import Foundation
import Postgres
import Web

/// All SQL for `trial.applications`, `trial.trial_institutions` and `trial.application_attachments`.
enum DeclarationStore {
    /// One declaration with its entries and attachments in one statement; `lock` holds the row until
    /// the transaction ends, so two actors cannot both move it.
    static func find(_ id: UUID, lock: Bool = false, on connection: Connection) async throws -> Declaration? {
        try await connection.query(select + " WHERE a.id = $1" + (lock ? " FOR UPDATE OF a" : ""), [id]).first.map(Declaration.init(row:))
    }

    static func find(account: AccountID, cycle: Int, on connection: Connection) async throws -> Declaration? {
        try await connection.query(select + " WHERE a.account_id = $1 AND a.cycle = $2", [account.rawValue, cycle]).first.map(Declaration.init(row:))
    }

    /// Inserts a draft; false when the candidate already has a declaration for the cycle.
    static func insert(
        cycle: Int, account: AccountID, institution: InstitutionID, applicantName: String, level: ExamLevel, category: ExamCategory,
        tcmSubtype: TCMSubtype?, at now: Date, on connection: Connection
    ) async throws -> UUID? {
        try await connection.query(
            """
            INSERT INTO trial.applications
                (cycle, account_id, institution_id, applicant_name, level, category, tcm_subtype, notice_acknowledged_at, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8)
            ON CONFLICT ON CONSTRAINT applications_one_per_cycle DO NOTHING
            RETURNING id
            """,
            [cycle, account.rawValue, institution.rawValue, applicantName, level.rawValue, category.rawValue, tcmSubtype?.rawValue, now]
        ).first.map { try $0.decode(UUID.self, "id") }
    }

    /// The candidate's declarations, newest cycle first (记录).
    static func mine(_ account: AccountID, on connection: Connection) async throws -> [DeclarationSummary] {
        try await connection.query(
            "SELECT " + DeclarationSummary.columns + " FROM trial.applications WHERE account_id = $1 ORDER BY cycle DESC", [account.rawValue]
        ).map(DeclarationSummary.init(row:))
    }

    /// Replaces the editable part (and refreshes the declaring unit and name), bumping the version.
    static func replace(
        _ id: UUID, with content: DeclarationContent, institution: InstitutionID, applicantName: String, at now: Date, on connection: Connection
    ) async throws {
        let education = content.education
        try await connection.execute(
            """
            UPDATE trial.applications
               SET level = $2, category = $3, tcm_subtype = $4, education_level = $5, study_form = $6, school = $7, major = $8,
                   enrolled_on = $9::date, graduated_on = $10::date, diploma_number = $11, assistant_upgrade = $12,
                   qualification_certificate = $13, practice_certificate = $14, fresh_graduate = $15, institution_id = $16,
                   applicant_name = $17, updated_at = $18, version = version + 1, active_military = $19,
                   practice_registered_on = $20::date, qualification_category = $21, qualified_on = $22::date
             WHERE id = $1
            """,
            [
                id, content.level.rawValue, content.category.rawValue, content.tcmSubtype?.rawValue, education.level?.rawValue,
                education.studyForm?.rawValue, education.school, education.major, education.enrolledOn, education.graduatedOn,
                education.diplomaNumber, content.assistantUpgrade != nil, content.assistantUpgrade?.qualificationCertificateNumber,
                content.assistantUpgrade?.practiceCertificateNumber, content.freshGraduate, institution.rawValue, applicantName, now,
                content.activeMilitary, content.assistantUpgrade?.practiceRegisteredOn, content.assistantUpgrade?.qualificationCategory?.rawValue,
                content.assistantUpgrade?.qualifiedOn,
            ]
        )
        try await connection.execute("DELETE FROM trial.trial_institutions WHERE application_id = $1", [id])
        let entries = content.trialInstitutions
        if !entries.isEmpty {
            try await connection.execute(
                """
                INSERT INTO trial.trial_institutions (application_id, position, name, department, post, start_date, end_date, supervisor_name, current)
                SELECT $1, e.ord - 1, e.name, e.department, e.post, e.start_date, e.end_date, e.supervisor_name, e.current
                  FROM unnest($2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[], $8::boolean[])
                       WITH ORDINALITY AS e(name, department, post, start_date, end_date, supervisor_name, current, ord)
                """,
                [
                    id, entries.map(\.name), entries.map(\.department), entries.map(\.position), entries.map(\.startDate),
                    entries.map(\.endDate), entries.map(\.supervisorName), entries.map(\.current),
                ]
            )
        }
        try await connection.execute("DELETE FROM trial.application_attachments WHERE application_id = $1", [id])
        if !content.attachments.isEmpty {
            try await connection.execute(
                """
                INSERT INTO trial.application_attachments (application_id, position, purpose, attachment_id)
                SELECT $1, e.ord - 1, e.purpose, e.attachment_id FROM unnest($2::text[], $3::uuid[]) WITH ORDINALITY AS e(purpose, attachment_id, ord)
                """,
                [id, content.attachments.map(\.purpose.rawValue), content.attachments.map(\.attachment.rawValue)]
            )
        }
    }

    /// Moves the declaration from `from` to `status`, bumping the version; `submitted`/`approved` stamp
    /// their time; `modification_allowed` remembers the version it leaves the declaration at
    /// (`reopened_version`). False when it is no longer in `from` (callers lock the row first; this is
    /// the second guard, so two actors can never both move it).
    static func setStatus(
        _ id: UUID, from: DeclarationStatus, to status: DeclarationStatus, institution: InstitutionID? = nil, applicantName: String? = nil,
        at now: Date, on connection: Connection
    ) async throws -> Bool {
        try await connection.execute(
            """
            UPDATE trial.applications
               SET status = $2, version = version + 1, updated_at = $3,
                   submitted_at = CASE WHEN $2 = 'submitted' THEN $3 ELSE submitted_at END,
                   approved_at = CASE WHEN $2 = 'approved' THEN $3 WHEN $2 = 'modification_allowed' THEN approved_at ELSE NULL END,
                   institution_id = coalesce($4, institution_id), applicant_name = coalesce($5, applicant_name),
                   reopened_version = CASE WHEN $2 = 'modification_allowed' THEN version + 1 ELSE NULL END
             WHERE id = $1 AND status = $6
            """,
            [id, status.rawValue, now, institution?.rawValue, applicantName, from.rawValue]
        ) == 1
    }

    /// Undoes the unit's 允许修改: back to `approved` (keeping the approval's time), only while the
    /// declaration is still reopened at the version the reopening left it at, i.e. the candidate saved
    /// nothing since. False otherwise (the second guard beside the row lock: an edit or a submission
    /// that got in first makes this match nothing).
    static func undoModification(_ id: UUID, at now: Date, on connection: Connection) async throws -> Bool {
        try await connection.execute(
            """
            UPDATE trial.applications
               SET status = 'approved', version = version + 1, updated_at = $2, reopened_version = NULL
             WHERE id = $1 AND status = 'modification_allowed' AND version = reopened_version
            """,
            [id, now]
        ) == 1
    }

    /// Records the unit's check of the entry at `position`, bumping the version.
    static func confirm(_ id: UUID, position: Int, confirmed: Bool, note: String?, by reviewer: AccountID?, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            UPDATE trial.trial_institutions SET confirmed = $3, confirmation_note = $4, confirmed_by = $5, confirmed_at = $6
             WHERE application_id = $1 AND position = $2
            """,
            [id, position, confirmed, note, reviewer?.rawValue, now]
        )
        try await connection.execute("UPDATE trial.applications SET version = version + 1, updated_at = $2 WHERE id = $1", [id, now])
    }

    // MARK: The unit's list

    struct UnitFilter: Sendable {
        var cycle: Int?
        var status: DeclarationStatus?
        var level: ExamLevel?
        var category: ExamCategory?
        var nameContaining: String?
    }

    /// Declarations of the unit (never drafts) matching the filter, oldest submission first, after the cursor.
    private static let unitQueueSQL: SQL = "SELECT " + DeclarationSummary.columns + """
         FROM trial.applications
        WHERE institution_id = $1 AND status <> 'draft' AND ($2::int IS NULL OR cycle = $2) AND ($3::text IS NULL OR status = $3)
          AND ($4::text IS NULL OR level = $4) AND ($5::text IS NULL OR category = $5)
          AND ($6::text IS NULL OR strpos(applicant_name, $6) > 0)
          AND ($7::timestamptz IS NULL OR (submitted_at, id) > ($7::timestamptz, $8::uuid))
        ORDER BY submitted_at, id LIMIT $9
        """

    private static let unitCountsSQL: SQL = """
        SELECT status, count(*)::int AS n FROM trial.applications
         WHERE institution_id = $1 AND status <> 'draft' AND ($2::int IS NULL OR cycle = $2)
         GROUP BY status
        """

    /// One page of the unit's queue and how many of its declarations are in each status (of one cycle,
    /// when given): two independent statements, pipelined into one round trip.
    static func unitQueueAndCounts(
        _ institution: InstitutionID, _ filter: UnitFilter, limit: Int, after cursor: KeysetCursor?, on connection: Connection
    ) async throws -> ([DeclarationSummary], [DeclarationStatus: Int]) {
        let results = try await connection.queries([
            (unitQueueSQL, [
                institution.rawValue, filter.cycle, filter.status?.rawValue, filter.level?.rawValue, filter.category?.rawValue,
                filter.nameContaining, cursor?.time, cursor?.id, limit,
            ]),
            (unitCountsSQL, [institution.rawValue, filter.cycle]),
        ])
        var counts: [DeclarationStatus: Int] = [:]
        for row in results[1] {
            counts[try row.decode(code: DeclarationStatus.self, "status")] = try row.decode(Int.self, "n")
        }
        return (try results[0].map(DeclarationSummary.init(row:)), counts)
    }

    /// The candidate's approved declaration for the year, for Confirmation. One reopened for
    /// modification is not answered: what it will say is not settled until the unit approves it again.
    static func approved(of account: AccountID, year: Int, on connection: Connection) async throws -> Declaration? {
        try await connection.query(select + " WHERE a.account_id = $1 AND a.cycle = $2 AND a.status = 'approved'", [account.rawValue, year])
            .first.map(Declaration.init(row:))
    }

    // MARK: Decoding

    private static let select: SQL = """
        SELECT a.id, a.cycle, a.account_id, a.institution_id, a.applicant_name, a.status, a.version, a.reopened_version, a.level, a.category,
               a.tcm_subtype,
               a.notice_acknowledged_at, a.education_level, a.study_form, a.school, a.major, a.enrolled_on, a.graduated_on,
               a.diploma_number, a.assistant_upgrade, a.qualification_certificate, a.practice_certificate, a.fresh_graduate,
               a.active_military, a.practice_registered_on, a.qualification_category, a.qualified_on, a.created_at, a.updated_at, a.submitted_at, a.approved_at,
               (SELECT coalesce(json_agg(json_build_object(
                           'name', t.name, 'department', t.department, 'position', t.post, 'startDate', t.start_date,
                           'endDate', t.end_date, 'supervisorName', t.supervisor_name, 'current', t.current, 'confirmed', t.confirmed,
                           'note', t.confirmation_note, 'confirmedAt', extract(epoch FROM t.confirmed_at)) ORDER BY t.position), '[]')
                  FROM trial.trial_institutions t WHERE t.application_id = a.id) AS trial_institutions,
               (SELECT coalesce(json_agg(json_build_object('purpose', x.purpose, 'attachmentId', x.attachment_id) ORDER BY x.position), '[]')
                  FROM trial.application_attachments x WHERE x.application_id = a.id) AS attachments
          FROM trial.applications a
        """

    fileprivate struct EntryRow: Codable, Sendable {
        let name: String?
        let department: String?
        let position: String?
        let startDate: CalendarDate?
        let endDate: CalendarDate?
        let supervisorName: String?
        let current: Bool
        let confirmed: Bool?
        let note: String?
        let confirmedAt: Double?
    }

    fileprivate struct AttachmentRow: Codable, Sendable {
        let purpose: String
        let attachmentId: UUID
    }
}

extension Declaration {
    /// A declaration from `select`'s row (its previous institutions and attachments as JSON).
    init(row: Row) throws {
        let entries = try row.decode(PostgresJSON<[DeclarationStore.EntryRow]>.self, "trial_institutions").value.map { entry in
            TrialInstitutionEntry(
                name: entry.name, department: entry.department, position: entry.position, startDate: entry.startDate, endDate: entry.endDate,
                supervisorName: entry.supervisorName, current: entry.current,
                confirmation: entry.confirmed.map { confirmed in
                    EntryConfirmation(confirmed: confirmed, note: entry.note, at: Date(timeIntervalSince1970: entry.confirmedAt ?? 0))
                }
            )
        }
        let attachments = try row.decode(PostgresJSON<[DeclarationStore.AttachmentRow]>.self, "attachments").value.map { stored throws(PostgresError) in
            guard let purpose = DeclarationAttachmentPurpose(rawValue: stored.purpose) else {
                throw PostgresError(.decoding, "unknown attachment purpose \"\(stored.purpose)\" in trial.application_attachments", column: "attachments")
            }
            return DeclaredAttachment(purpose: purpose, attachment: AttachmentID(stored.attachmentId))
        }
        let upgrade = try row.decode(Bool.self, "assistant_upgrade")
            ? AssistantUpgrade(
                qualificationCertificateNumber: try row.decode(String?.self, "qualification_certificate"),
                practiceCertificateNumber: try row.decode(String?.self, "practice_certificate"),
                practiceRegisteredOn: try row.decode(CalendarDate?.self, "practice_registered_on"),
                qualificationCategory: try row.decode(code: ExamCategory?.self, "qualification_category"),
                qualifiedOn: try row.decode(CalendarDate?.self, "qualified_on")
            )
            : nil
        let content = DeclarationContent(
            level: try row.decode(code: ExamLevel.self, "level"),
            category: try row.decode(code: ExamCategory.self, "category"),
            tcmSubtype: try row.decode(code: TCMSubtype?.self, "tcm_subtype"),
            education: Education(
                level: try row.decode(code: EducationLevel?.self, "education_level"),
                studyForm: try row.decode(code: StudyForm?.self, "study_form"),
                school: try row.decode(String?.self, "school"), major: try row.decode(String?.self, "major"),
                enrolledOn: try row.decode(CalendarDate?.self, "enrolled_on"), graduatedOn: try row.decode(CalendarDate?.self, "graduated_on"),
                diplomaNumber: try row.decode(String?.self, "diploma_number")
            ),
            assistantUpgrade: upgrade,
            freshGraduate: try row.decode(Bool.self, "fresh_graduate"),
            trialInstitutions: entries,
            attachments: attachments,
            activeMilitary: try row.decode(Bool.self, "active_military")
        )
        self.init(
            id: try row.decode(UUID.self, "id"), cycle: try row.decode(Int.self, "cycle"),
            account: AccountID(try row.decode(UUID.self, "account_id")), institution: InstitutionID(try row.decode(UUID.self, "institution_id")),
            applicantName: try row.decode(String.self, "applicant_name"), status: try row.decode(code: DeclarationStatus.self, "status"),
            version: try row.decode(Int.self, "version"), noticeAcknowledgedAt: try row.decode(Date.self, "notice_acknowledged_at"),
            content: content, createdAt: try row.decode(Date.self, "created_at"), updatedAt: try row.decode(Date.self, "updated_at"),
            submittedAt: try row.decode(Date?.self, "submitted_at"), approvedAt: try row.decode(Date?.self, "approved_at"),
            reopenedVersion: try row.decode(Int?.self, "reopened_version")
        )
    }
}
