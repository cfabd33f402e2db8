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

    func search(_ query: InstitutionQuery, limit: Int, cursor: SearchCursor?) async throws -> (items: [Institution], next: SearchCursor?) {
        let rows = try await database.withConnection {
            try await InstitutionStore.search(query, limit: limit + 1, after: cursor, on: $0)
        }
        let shown = rows.prefix(limit)
        return (shown.map(\.0), rows.count > limit ? shown.last?.1 : nil)
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

    func edit(_ id: InstitutionID, with details: InstitutionDetails, origin: RequestOrigin) async throws -> Institution {
        let now = clock.now()
        return try await database.transaction { connection in
            guard let updated = try await InstitutionStore.update(id, with: details, at: now, on: connection) else { throw Problem.notFound }
            try await connection.record(
                AuditEvent(action: "institution.edit", about: id, details: ["uscc_check_passed": String(details.usccCheckPassed)]), origin: origin
            )
            return updated
        }
    }

    /// Its staff stay bound; nobody can newly bind; it leaves search.
    func setStatus(_ id: InstitutionID, _ status: InstitutionStatus, origin: RequestOrigin) async throws {
        let now = clock.now()
        try await database.transaction { connection in
            guard let current = try await InstitutionStore.find(id, on: connection) else { throw Problem.notFound }
            guard current.status != status else { return }
            try await InstitutionStore.setStatus(id, status, at: now, on: connection)
            try await connection.record(
                AuditEvent(action: "institution.status", about: id, fromState: current.status.rawValue, toState: status.rawValue), origin: origin
            )
        }
    }
}
