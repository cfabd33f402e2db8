import Contracts
import Foundation
import Postgres

/// One declaration whose candidate is due a reminder: still a draft (the deadline is the window's
/// close) or sent back by the unit (returned or reopened: the deadline is the review deadline, until
/// which the candidate may still correct it, ADR 0021).
struct DueDeclarationReminder: Sendable {
    let declaration: UUID
    let account: AccountID
    let cycle: Int
    let status: DeclarationStatus
    let deadline: Date
    /// The reminder due: the fewest days before the deadline that `now` has reached.
    let days: Int

    init(row: Row) throws {
        declaration = try row.decode(UUID.self, "id")
        account = AccountID(try row.decode(UUID.self, "account_id"))
        cycle = try row.decode(Int.self, "cycle")
        status = try row.decode(code: DeclarationStatus.self, "status")
        deadline = try row.decode(Date.self, "deadline")
        days = try row.decode(Int.self, "days")
    }
}

/// One unit with declarations waiting for its review, due a reminder before the review deadline.
struct DueReviewReminder: Sendable {
    let institution: InstitutionID
    let cycle: Int
    let deadline: Date
    let days: Int
    let waiting: Int

    init(row: Row) throws {
        institution = InstitutionID(try row.decode(UUID.self, "institution_id"))
        cycle = try row.decode(Int.self, "cycle")
        deadline = try row.decode(Date.self, "deadline")
        days = try row.decode(Int.self, "days")
        waiting = try row.decode(Int.self, "waiting")
    }
}

/// All SQL of the deadline reminders (`trial.declaration_reminders`, `trial.review_reminders`), and the
/// queries of what is due: each one statement over the cycles whose reviews are open, the declarations
/// by `applications_reminder_idx`, and the reminders sent by their primary keys.
enum ReminderStore {
    /// The reminder due for a deadline `d` at `$1` among the days `$2`: the fewest days n with
    /// `d - n days <= $1` (once the 1-day reminder is due, the 3-day one is no longer).
    private static let dueDays: SQL = "SELECT min(n) AS days FROM unnest($2::int[]) AS n WHERE "

    /// Declarations whose candidate is due a reminder not sent yet, at most `limit` (in no order: the
    /// next batch skips what this one sent, so the query stops at `limit` rows instead of sorting all).
    static func dueDeclarations(at now: Date, days: [Int], limit: Int, on connection: Connection) async throws -> [DueDeclarationReminder] {
        try await connection.query(
            """
            SELECT a.id, a.account_id, a.cycle, a.status, d.deadline, s.days
              FROM trial.cycles c
              JOIN trial.applications a ON a.cycle = c.year AND a.status IN ('draft', 'returned', 'modification_allowed')
             CROSS JOIN LATERAL (SELECT CASE WHEN a.status = 'draft' THEN c.closes_at ELSE c.review_deadline END AS deadline) AS d
             CROSS JOIN LATERAL (
            """ + dueDays + """
            d.deadline - make_interval(days => n) <= $1) AS s
             WHERE c.opens_at <= $1 AND c.review_deadline > $1 AND d.deadline > $1 AND s.days IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1 FROM trial.declaration_reminders r WHERE r.application_id = a.id AND r.deadline = d.deadline AND r.days = s.days
               )
             LIMIT $3
            """,
            [now, days, limit]
        ).map(DueDeclarationReminder.init(row:))
    }

    /// Units with declarations waiting for review whose reminder is due and not sent yet, at most `limit`.
    static func dueReviews(at now: Date, days: [Int], limit: Int, on connection: Connection) async throws -> [DueReviewReminder] {
        try await connection.query(
            """
            SELECT a.institution_id, c.year AS cycle, c.review_deadline AS deadline, s.days, count(*) AS waiting
              FROM trial.cycles c
             CROSS JOIN LATERAL (
            """ + dueDays + """
            c.review_deadline - make_interval(days => n) <= $1) AS s
              JOIN trial.applications a ON a.cycle = c.year AND a.status = 'submitted'
             WHERE c.opens_at <= $1 AND c.review_deadline > $1 AND s.days IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1 FROM trial.review_reminders r
                    WHERE r.institution_id = a.institution_id AND r.cycle = c.year AND r.deadline = c.review_deadline AND r.days = s.days
               )
             GROUP BY a.institution_id, c.year, c.review_deadline, s.days
             ORDER BY a.institution_id, c.year
             LIMIT $3
            """,
            [now, days, limit]
        ).map(DueReviewReminder.init(row:))
    }

    /// Records the reminder as sent; false when it already was.
    static func recordSent(_ due: DueDeclarationReminder, at now: Date, on connection: Connection) async throws -> Bool {
        try await connection.execute(
            """
            INSERT INTO trial.declaration_reminders (application_id, deadline, days, sent_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            """,
            [due.declaration, due.deadline, due.days, now]
        ) == 1
    }

    static func recordSent(_ due: DueReviewReminder, at now: Date, on connection: Connection) async throws -> Bool {
        try await connection.execute(
            """
            INSERT INTO trial.review_reminders (institution_id, cycle, deadline, days, sent_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            """,
            [due.institution.rawValue, due.cycle, due.deadline, due.days, now]
        ) == 1
    }
}
