import Contracts
import Foundation
import Postgres
import Web

/// All SQL for `institutions.employments` and `institutions.code_failures`.
enum EmploymentStore {
    static let summaryColumns: SQL = "i.id, i.name, i.uscc, i.superior_unit, i.category, i.region"

    /// The open period in the authenticating statement (`caller.id` is the account).
    static let callerPreload = CallerPreload(
        alias: "employment",
        subquery: """
            SELECT i.id AS employment_id, i.name AS employment_name, i.uscc AS employment_uscc,
                   i.superior_unit AS employment_superior_unit, i.category AS employment_category,
                   i.region AS employment_region, e.started_at AS employment_started_at, e.ended_at AS employment_ended_at
            FROM institutions.employments e JOIN institutions.institutions i ON i.id = e.institution_id
            WHERE e.account_id = caller.id AND e.ended_at IS NULL
            """
    )

    /// The preloaded open period: `.some(nil)` when the row says unbound, nil when the row lacks the
    /// columns (then query).
    static func preloadedEmployment(in row: Row) throws -> Employment?? {
        guard row.columns.index(of: "employment_id") != nil else { return nil }
        if row.isNull("employment_id") { return .some(nil) }
        return .some(try Employment(row: row, prefix: "employment_"))
    }

    /// The account's open period, if any.
    static func current(of account: AccountID, on connection: Connection) async throws -> Employment? {
        try await connection.query(
            "SELECT " + summaryColumns + """
            , e.started_at, e.ended_at
            FROM institutions.employments e JOIN institutions.institutions i ON i.id = e.institution_id
            WHERE e.account_id = $1 AND e.ended_at IS NULL
            """,
            [account.rawValue]
        ).first.map { try Employment(row: $0) }
    }

    /// Every period, newest first.
    static func history(of account: AccountID, on connection: Connection) async throws -> [Employment] {
        try await connection.query(
            "SELECT " + summaryColumns + """
            , e.started_at, e.ended_at
            FROM institutions.employments e JOIN institutions.institutions i ON i.id = e.institution_id
            WHERE e.account_id = $1 ORDER BY e.started_at DESC, e.id
            """,
            [account.rawValue]
        ).map { try Employment(row: $0) }
    }

    static func open(_ account: AccountID, at institution: InstitutionID, on now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "INSERT INTO institutions.employments (account_id, institution_id, started_at) VALUES ($1, $2, $3)",
            [account.rawValue, institution.rawValue, now]
        )
    }

    /// Ends the open period; answers its id, nil when there was none.
    @discardableResult
    static func close(_ account: AccountID, at now: Date, reason: String? = nil, by actor: AccountID? = nil, on connection: Connection) async throws -> UUID? {
        try await connection.query(
            "UPDATE institutions.employments SET ended_at = $2, end_reason = $3, ended_by = $4 WHERE account_id = $1 AND ended_at IS NULL RETURNING id",
            [account.rawValue, now, reason, actor?.rawValue]
        ).first.map { try $0.decode(UUID.self, "id") }
    }

    static func isBound(_ account: AccountID, to institution: InstitutionID, on connection: Connection) async throws -> Bool {
        try await connection.query(
            "SELECT 1 AS one FROM institutions.employments WHERE account_id = $1 AND institution_id = $2 AND ended_at IS NULL",
            [account.rawValue, institution.rawValue]
        ).isEmpty == false
    }

    static func staff(of institution: InstitutionID, on connection: Connection) async throws -> [AccountID] {
        try await connection.query(
            "SELECT account_id FROM institutions.employments WHERE institution_id = $1 AND ended_at IS NULL ORDER BY started_at, id",
            [institution.rawValue]
        ).map { AccountID(try $0.decode(UUID.self, "account_id")) }
    }

    /// Staff bound now, oldest binding first, after `cursor`: account and since.
    /// `among`: only these accounts (a name filter resolved by Identity); nil for everyone.
    static func staffPage(
        of institution: InstitutionID, limit: Int, after cursor: KeysetCursor?, among: [AccountID]?, on connection: Connection
    ) async throws -> [StaffRow] {
        try await connection.query(
            """
            SELECT id, account_id, started_at FROM institutions.employments
            WHERE institution_id = $1 AND ended_at IS NULL AND ($2::timestamptz IS NULL OR (started_at, id) > ($2::timestamptz, $3::uuid))
              AND ($5::uuid[] IS NULL OR account_id = ANY($5::uuid[]))
            ORDER BY started_at, id LIMIT $4
            """,
            [institution.rawValue, cursor?.time, cursor?.id, limit, among.map { $0.map(\.rawValue) }]
        ).map { try StaffRow(row: $0) }
    }

    // MARK: Wrong codes

    /// Wrong codes of the account since `since`, and the oldest of them.
    static func failures(of account: AccountID, since: Date, on connection: Connection) async throws -> (count: Int, oldest: Date?) {
        let row = try await connection.query(
            "SELECT count(*) AS n, min(failed_at) AS oldest FROM institutions.code_failures WHERE account_id = $1 AND failed_at > $2::timestamptz",
            [account.rawValue, since]
        )[0]
        return (try row.decode(Int.self, "n"), try row.decode(Date?.self, "oldest"))
    }

    static func recordFailure(of account: AccountID, at institution: InstitutionID, on now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "INSERT INTO institutions.code_failures (account_id, institution_id, failed_at) VALUES ($1, $2, $3)",
            [account.rawValue, institution.rawValue, now]
        )
    }

    /// Wrong codes older than the limit's window, which no longer count (`health-talent prune`).
    static func pruneFailures(before cutoff: Date, batchSize: Int, in database: Database) async throws -> Int {
        try await database.deleteInBatches(
            """
            DELETE FROM institutions.code_failures WHERE id IN (
                SELECT id FROM institutions.code_failures WHERE failed_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
            """,
            [cutoff], batchSize: batchSize
        )
    }
}

/// One of a unit's staff bound now: the account, since when, and the period's id (the keyset position).
struct StaffRow: Sendable {
    let account: AccountID
    let since: Date
    let id: UUID

    init(row: Row) throws {
        account = AccountID(try row.decode(UUID.self, "account_id"))
        since = try row.decode(Date.self, "started_at")
        id = try row.decode(UUID.self, "id")
    }
}

extension InstitutionSummary {
    /// The summary columns (`EmploymentStore.summaryColumns`), each name after `prefix`.
    init(row: Row, prefix: String = "") throws {
        self.init(
            id: InstitutionID(try row.decode(UUID.self, prefix + "id")), name: try row.decode(String.self, prefix + "name"),
            uscc: try row.decode(String.self, prefix + "uscc"), superiorUnit: try row.decode(String?.self, prefix + "superior_unit"),
            category: try row.decode(code: InstitutionCategory.self, prefix + "category"),
            region: try row.decode(code: HubeiRegion.self, prefix + "region")
        )
    }
}

extension Employment {
    /// A period: the institution's summary columns and `started_at`, `ended_at`, each after `prefix`.
    init(row: Row, prefix: String = "") throws {
        self.init(
            institution: try InstitutionSummary(row: row, prefix: prefix), since: try row.decode(Date.self, prefix + "started_at"),
            until: try row.decode(Date?.self, prefix + "ended_at")
        )
    }
}
