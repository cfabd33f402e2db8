import Contracts
import Foundation
import Postgres

/// All SQL for `trial.cycles`.
enum CycleStore {
    static func all(on connection: Connection) async throws -> [Cycle] {
        try await connection.query("SELECT " + Cycle.columns + " FROM trial.cycles ORDER BY year DESC").map(Cycle.init(row:))
    }

    /// The cycle units are reviewing at `now`: opened, and its review deadline not passed (the latest,
    /// should two overlap). Between the window's close and the review deadline it is no longer `open`.
    static func underReview(at now: Date, on connection: Connection) async throws -> Cycle? {
        try await connection.query(
            "SELECT " + Cycle.columns + " FROM trial.cycles WHERE opens_at <= $1 AND review_deadline > $1 ORDER BY year DESC LIMIT 1", [now]
        ).first.map(Cycle.init(row:))
    }

    /// The exam year at the instant `instant` (an SQL expression: a parameter): `configured` when set,
    /// else the year of the latest cycle opened by then, else the calendar year in China (UTC+8).
    static func examYear(instant: SQL, configured: Int?) -> SQL {
        if let configured { return SQL.trusted(String(configured)) }
        return "coalesce((SELECT max(year) FROM trial.cycles WHERE opens_at <= " + instant
            + "), extract(year FROM (" + instant + " AT TIME ZONE 'UTC') + interval '8 hours')::int)"
    }

    static func examYear(at now: Date, on connection: Connection) async throws -> Int {
        try await connection.query("SELECT " + examYear(instant: "$1::timestamptz", configured: nil) + " AS year", [now])
            .first?.decode(Int.self, "year") ?? CalendarDate(inChina: now).year
    }

    static func find(_ year: Int, on connection: Connection) async throws -> Cycle? {
        try await connection.query("SELECT " + Cycle.columns + " FROM trial.cycles WHERE year = $1", [year]).first.map(Cycle.init(row:))
    }

    /// The cycle whose declaration window contains `now` (the latest, should two overlap).
    static func open(at now: Date, on connection: Connection) async throws -> Cycle? {
        try await connection.query(
            "SELECT " + Cycle.columns + " FROM trial.cycles WHERE opens_at <= $1 AND closes_at > $1 ORDER BY year DESC LIMIT 1", [now]
        ).first.map(Cycle.init(row:))
    }

    /// The cycle whose rules a candidate reads now: the open one; else the one that opened last; else
    /// the next to open.
    static func current(at now: Date, on connection: Connection) async throws -> Cycle? {
        try await connection.query(
            "SELECT " + Cycle.columns + """
             FROM trial.cycles
            ORDER BY (opens_at <= $1 AND closes_at > $1) DESC, (opens_at <= $1) DESC,
                     CASE WHEN opens_at <= $1 THEN -extract(epoch FROM opens_at) ELSE extract(epoch FROM opens_at) END, year DESC
            LIMIT 1
            """, [now]
        ).first.map(Cycle.init(row:))
    }

    /// Inserts the cycle (without a table: the column's default, migration 0015's); nil when the year exists.
    static func insert(_ input: CycleInput, at now: Date, on connection: Connection) async throws -> Cycle? {
        let inserted = try await connection.execute(
            """
            INSERT INTO trial.cycles
                (year, opens_at, closes_at, review_deadline, trial_completion_deadline, notice_text, required_trial_months, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $8)
            ON CONFLICT (year) DO NOTHING
            """,
            [input.year, input.opensAt, input.closesAt, input.reviewDeadline, input.trialCompletionDeadline, input.noticeText,
             input.requiredTrialMonths, now]
        )
        guard inserted == 1 else { return nil }
        return try await connection.query(
            "UPDATE trial.cycles SET eligibility = coalesce($2::jsonb, eligibility) WHERE year = $1 RETURNING " + Cycle.columns,
            [input.year, input.eligibility.map(PostgresJSON.init)]
        ).first.map(Cycle.init(row:))
    }

    /// Replaces the cycle's settings (a nil table keeps the stored one); nil when there is no such year.
    static func update(_ input: CycleInput, at now: Date, on connection: Connection) async throws -> Cycle? {
        try await connection.query(
            """
            UPDATE trial.cycles SET opens_at = $2, closes_at = $3, review_deadline = $4, trial_completion_deadline = $5::date,
                   notice_text = $6, required_trial_months = $7, updated_at = $8, eligibility = coalesce($9::jsonb, eligibility)
             WHERE year = $1
            RETURNING
            """ + " " + Cycle.columns,
            [input.year, input.opensAt, input.closesAt, input.reviewDeadline, input.trialCompletionDeadline, input.noticeText,
             input.requiredTrialMonths, now, input.eligibility.map(PostgresJSON.init)]
        ).first.map(Cycle.init(row:))
    }
}
