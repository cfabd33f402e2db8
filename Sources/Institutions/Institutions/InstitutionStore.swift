import Contracts
import Foundation
import Postgres
import Web

/// All SQL for `institutions.institutions`.
enum InstitutionStore {
    static func find(_ id: InstitutionID, on connection: Connection) async throws -> Institution? {
        try await connection.query("SELECT " + Institution.columns + " FROM institutions.institutions WHERE id = $1", [id.rawValue])
            .first.map { try Institution(row: $0) }
    }

    /// Creates an active institution with its first confirmation code. A name or USCC an active
    /// institution already has answers 409 naming the field (the unique indexes decide races).
    static func insert(_ details: InstitutionDetails, code: String, at now: Date, on connection: Connection) async throws -> Institution {
        do {
            return try Institution(row: try await connection.query(
                """
                INSERT INTO institutions.institutions
                    (name, uscc, uscc_check_passed, superior_unit, category, region, address, confirmation_code, code_rotated_at, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9)
                RETURNING
                """ + " " + Institution.columns,
                [
                    details.name, details.uscc, details.usccCheckPassed, details.superiorUnit, details.category.rawValue,
                    details.region.rawValue, details.address, code, now,
                ]
            )[0])
        } catch let error as PostgresError {
            throw duplicate(error) ?? error
        }
    }

    /// Replaces the details of an institution (an administrator's edit, a re-import); same 409s.
    static func update(_ id: InstitutionID, with details: InstitutionDetails, at now: Date, on connection: Connection) async throws -> Institution? {
        do {
            return try await connection.query(
                """
                UPDATE institutions.institutions SET name = $2, uscc = $3, uscc_check_passed = $4, superior_unit = $5, category = $6,
                    region = $7, address = $8, updated_at = $9
                WHERE id = $1
                RETURNING
                """ + " " + Institution.columns,
                [
                    id.rawValue, details.name, details.uscc, details.usccCheckPassed, details.superiorUnit, details.category.rawValue,
                    details.region.rawValue, details.address, now,
                ]
            ).first.map { try Institution(row: $0) }
        } catch let error as PostgresError {
            throw duplicate(error) ?? error
        }
    }

    static func setStatus(_ id: InstitutionID, _ status: InstitutionStatus, at now: Date, on connection: Connection) async throws {
        do {
            try await connection.execute(
                "UPDATE institutions.institutions SET status = $2, updated_at = $3 WHERE id = $1", [id.rawValue, status.rawValue, now]
            )
        } catch let error as PostgresError {
            throw duplicate(error) ?? error
        }
    }

    /// The active institution with this USCC (imports are idempotent on it).
    static func active(uscc: String, on connection: Connection) async throws -> Institution? {
        try await connection.query(
            "SELECT " + Institution.columns + " FROM institutions.institutions WHERE uscc = $1 AND status = 'active'", [uscc]
        ).first.map { try Institution(row: $0) }
    }

    /// Whether another active institution (not `id`) has the name.
    static func isNameTaken(_ name: String, except id: InstitutionID?, on connection: Connection) async throws -> Bool {
        try await !connection.query(
            "SELECT id FROM institutions.institutions WHERE status = 'active' AND name = $1 AND id IS DISTINCT FROM $2",
            [name, id?.rawValue]
        ).isEmpty
    }

    /// Which field of `details` an active institution already has, if any.
    static func conflict(with details: InstitutionDetails, on connection: Connection) async throws -> Problem? {
        let row = try await connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM institutions.institutions WHERE status = 'active' AND name = $1) AS name_taken,
                   EXISTS (SELECT 1 FROM institutions.institutions WHERE status = 'active' AND uscc = $2) AS uscc_taken
            """,
            [details.name, details.uscc]
        )[0]
        if try row.decode(Bool.self, "name_taken") { return InstitutionsProblems.nameTaken }
        if try row.decode(Bool.self, "uscc_taken") { return InstitutionsProblems.usccTaken }
        return nil
    }

    private static func duplicate(_ error: PostgresError) -> Problem? {
        if error.isUniqueViolation(of: "institutions_active_name_idx") { return InstitutionsProblems.nameTaken }
        if error.isUniqueViolation(of: "institutions_active_uscc_idx") { return InstitutionsProblems.usccTaken }
        return nil
    }

    // MARK: Confirmation codes

    static func code(of id: InstitutionID, on connection: Connection) async throws -> (code: String, rotatedAt: Date)? {
        guard let row = try await connection.query(
            "SELECT confirmation_code, code_rotated_at FROM institutions.institutions WHERE id = $1", [id.rawValue]
        ).first else { return nil }
        return (try row.decode(String.self, "confirmation_code"), try row.decode(Date.self, "code_rotated_at"))
    }

    /// The code of an institution that can be bound now (active); nil otherwise.
    static func activeCode(of id: InstitutionID, on connection: Connection) async throws -> String? {
        try await connection.query(
            "SELECT confirmation_code FROM institutions.institutions WHERE id = $1 AND status = 'active'", [id.rawValue]
        ).first?.decode(String.self, "confirmation_code")
    }

    static func setCode(of id: InstitutionID, to code: String, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE institutions.institutions SET confirmation_code = $2, code_rotated_at = $3 WHERE id = $1", [id.rawValue, code, now]
        )
    }

    // MARK: Search

    /// The registry's version (sql/0012) in the authenticating statement, for `SearchCache`.
    static let registryPreload = CallerPreload(
        alias: "registry", subquery: "SELECT version AS registry_version FROM institutions.registry_version"
    )

    /// The version the caller's row read; nil when the row lacks it (then search without the cache).
    static func preloadedRegistryVersion(in row: Row?) -> Int64? {
        guard let row, row.columns.index(of: "registry_version") != nil else { return nil }
        return try? row.decode(Int64?.self, "registry_version")
    }

    /// Active institutions matching `query`, best first: exact name or code, then names or codes that
    /// start with it (in byte order of the name), then names containing it (in a stable scattered order,
    /// so that a common fragment is met within a few rows wherever its names cluster), each phase ending at
    /// the page size so no phase sorts all of its matches (docs/adr/0009). The phases are appended in
    /// order with no sort on top, so once the earlier phases fill the page the later ones are never
    /// run: a city name, the prefix of thousands of names, costs one short index walk. Up to `limit`
    /// rows after `cursor`; the cursor's phase decides which phases still count.
    static func search(_ query: InstitutionQuery, limit: Int, after cursor: SearchCursor?, on connection: Connection) async throws -> [SearchRow] {
        // Planned for each search: which index pays off depends on the fragment and the filters, and a
        // cached generic plan was measured 50× slower for some fragments (docs/performance.md).
        let rows = try await connection.queryPlanningEachTime(
            """
            SELECT * FROM (
              (SELECT i.id, i.name, i.uscc, i.uscc_check_passed, i.superior_unit, i.category, i.region, i.address, i.status, i.created_at,
                      0 AS rank, 0::bigint AS key
               FROM institutions.institutions i
               WHERE i.status = 'active' AND $1::text IS NOT NULL AND (i.name = $1 OR i.uscc = $2)
                 AND ($4::text IS NULL OR i.region = $4) AND ($5::text IS NULL OR i.category = $5)
                 AND ($6::int IS NULL OR ($6 = 0 AND (i.name COLLATE "C", i.id) > ($7 COLLATE "C", $8::uuid)))
               ORDER BY i.name COLLATE "C", i.id LIMIT $9)
              UNION ALL
              (SELECT i.id, i.name, i.uscc, i.uscc_check_passed, i.superior_unit, i.category, i.region, i.address, i.status, i.created_at,
                      1, 0::bigint
               FROM institutions.institutions i
               WHERE i.status = 'active' AND $1::text IS NOT NULL
                 AND ((i.name COLLATE "C" > $1 AND i.name COLLATE "C" < $1 || chr(1114111))
                      OR ($2::text IS NOT NULL AND i.uscc COLLATE "C" > $2 AND i.uscc COLLATE "C" < $2 || 'Z'))
                 AND ($4::text IS NULL OR i.region = $4) AND ($5::text IS NULL OR i.category = $5)
                 AND ($6::int IS NULL OR $6 < 1 OR ($6 = 1 AND (i.name COLLATE "C", i.id) > ($7 COLLATE "C", $8::uuid)))
               ORDER BY i.name COLLATE "C", i.id LIMIT $9)
              UNION ALL
              (SELECT i.id, i.name, i.uscc, i.uscc_check_passed, i.superior_unit, i.category, i.region, i.address, i.status, i.created_at,
                      2, i.scatter
               FROM institutions.institutions i
               WHERE i.status = 'active'
                 AND ($1::text IS NULL OR (strpos(i.name, $1) > 1 AND ($3::text[] IS NULL OR i.name_bigrams @> $3::text[])))
                 AND ($4::text IS NULL OR i.region = $4) AND ($5::text IS NULL OR i.category = $5)
                 AND ($6::int IS NULL OR $6 < 2 OR (i.scatter, i.id) > ($10::bigint, $8::uuid))
               ORDER BY i.scatter, i.id LIMIT $9)
            ) AS found
            LIMIT $9
            """,
            [
                query.text, query.usccPrefix, query.bigrams, query.region?.rawValue, query.category?.rawValue,
                cursor?.rank, cursor?.name, cursor?.id, limit, cursor?.key,
            ]
        )
        return try rows.map { try SearchRow(row: $0) }
    }
}

/// One search result and its position.
struct SearchRow: Sendable {
    let institution: Institution
    let position: SearchCursor

    init(row: Row) throws {
        institution = try Institution(row: row)
        position = SearchCursor(
            rank: try row.decode(Int.self, "rank"), key: try row.decode(Int64.self, "key"), name: institution.name, id: institution.id.rawValue
        )
    }
}

/// What a search asks for, already normalised.
struct InstitutionQuery: Sendable, Hashable {
    /// The name fragment (nil: everything, filtered by region and category only).
    let text: String?
    /// The text as a USCC prefix, when it can be one.
    let usccPrefix: String?
    /// The fragment's two-character pieces, for the index; nil for a one-character fragment.
    let bigrams: [String]?
    let region: HubeiRegion?
    let category: InstitutionCategory?
}

/// A keyset position in search results: the phase and sort key of the last row (the name for exact
/// and prefix matches, the scattered order for containment). Carried as a `KeysetCursor` (the one
/// codec of every list), opaque to clients.
struct SearchCursor: Sendable, Hashable {
    let rank: Int
    let key: Int64
    let name: String
    let id: UUID

    init(rank: Int, key: Int64, name: String, id: UUID) {
        self.rank = rank
        self.key = key
        self.name = name
        self.id = id
    }

    /// The position a cursor the server issued holds; nil for any other (a time position, a phase
    /// that does not exist).
    init?(encoded: String) {
        guard let keys = KeysetCursor(encoded: encoded)?.keys, keys.count == 4,
              case .number(let rank) = keys[0], (0...2).contains(rank), case .number(let key) = keys[1],
              case .text(let name) = keys[2], case .id(let id) = keys[3]
        else { return nil }
        self.init(rank: Int(rank), key: key, name: name, id: id)
    }

    var encoded: String { KeysetCursor(keys: [.number(Int64(rank)), .number(key), .text(name), .id(id)]).encoded }
}
