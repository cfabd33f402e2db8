import Audit
import Contracts
import Foundation
import LibCrypto
import Postgres
import Web

/// Search, the unit administrators' view of their institution and its confirmation code, and the
/// platform administrators' edits.
struct InstitutionService: Sendable {
    let database: Database
    let clock: any WallClock
    let cache: SearchCache

    /// One page of search results: from the cache when the caller's authenticating statement read the
    /// registry version a stored page belongs to (then no statement at all), else from the database.
    func search(_ query: InstitutionQuery, limit: Int, cursor: SearchCursor?, by caller: Caller) async throws -> SearchCache.Page {
        let key = SearchCache.Key(query: query, limit: limit, cursor: cursor)
        let version = cache.isEnabled ? InstitutionStore.preloadedRegistryVersion(in: caller.preloaded) : nil
        if let version, let page = cache.page(for: key, version: version) { return page }
        let rows = try await database.withConnection {
            try await InstitutionStore.search(query, limit: limit + 1, after: cursor, on: $0)
        }
        let shown = rows.prefix(limit)
        let page = SearchCache.Page(items: shown.map(\.institution), next: rows.count > limit ? shown.last?.position : nil)
        if let version { cache.store(page, for: key, version: version) }
        return page
    }

    /// An import from the console: who brought which rows in (the command line's imports are the
    /// operator's own, logged by the command).
    func recordImport(created: Int, updated: Int, unchanged: Int, bad: Int, origin: RequestOrigin) async throws {
        try await database.withConnection { connection in
            try await connection.record(
                AuditEvent(
                    action: "institution.import", entityType: "institution_import", entityID: origin.requestID ?? "console",
                    details: ["created": String(created), "updated": String(updated), "unchanged": String(unchanged), "bad": String(bad)]
                ),
                origin: origin
            )
        }
    }

    func institution(_ id: InstitutionID) async throws -> Institution {
        guard let institution = try await database.withConnection({ try await InstitutionStore.find(id, on: $0) }) else { throw Problem.notFound }
        return institution
    }

    func code(of id: InstitutionID) async throws -> (code: String, rotatedAt: Date) {
        guard let code = try await database.withConnection({ try await InstitutionStore.code(of: id, on: $0) }) else { throw Problem.notFound }
        return code
    }

    /// A new code; the old one stops working at once.
    func rotateCode(of id: InstitutionID, origin: RequestOrigin) async throws -> (code: String, rotatedAt: Date) {
        let now = clock.now()
        let code = ConfirmationCode.generate()
        try await database.transaction { connection in
            guard try await InstitutionStore.find(id, on: connection) != nil else { throw Problem.notFound }
            try await InstitutionStore.setCode(of: id, to: code, at: now, on: connection)
            try await connection.record(AuditEvent(action: "institution.code_rotate", about: id), origin: origin)
        }
        return (code, now)
    }

    /// A platform administrator's edit of the details and, when `status` differs, the status (its staff
    /// stay bound; nobody can newly bind; it leaves search), in one transaction: a refused reactivation
    /// (an active namesake) leaves the details unchanged too.
    func edit(_ id: InstitutionID, with details: InstitutionDetails, status: InstitutionStatus?, origin: RequestOrigin) async throws -> Institution {
        let now = clock.now()
        return try await database.transaction { connection in
            guard var updated = try await InstitutionStore.update(id, with: details, at: now, on: connection) else { throw Problem.notFound }
            try await connection.record(
                AuditEvent(action: "institution.edit", about: id, details: ["uscc_check_passed": String(details.usccCheckPassed)]), origin: origin
            )
            if let status, status != updated.status {
                try await InstitutionStore.setStatus(id, status, at: now, on: connection)
                try await connection.record(
                    AuditEvent(action: "institution.status", about: id, fromState: updated.status.rawValue, toState: status.rawValue), origin: origin
                )
                guard let changed = try await InstitutionStore.find(id, on: connection) else { throw Problem.notFound }
                updated = changed
            }
            return updated
        }
    }
}
