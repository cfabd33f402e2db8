import Contracts
import Foundation
import Postgres
import Web

/// All SQL for `institutions.registrations`.
enum RegistrationStore {
    static func insert(_ input: RegistrationInput, by registrant: AccountID, at now: Date, on connection: Connection) async throws -> Registration {
        let details = input.details
        return try Registration(row: try await connection.query(
            """
            INSERT INTO institutions.registrations
                (registrant_id, name, uscc, uscc_check_passed, superior_unit, category, region, address, contact_name, contact_phone,
                 licence_attachment_id, submitted_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            RETURNING
            """ + " " + Registration.columns,
            [
                registrant.rawValue, details.name, details.uscc, details.usccCheckPassed, details.superiorUnit, details.category.rawValue,
                details.region.rawValue, details.address, input.contactName, input.contactPhone.digits, input.licence.rawValue, now,
            ]
        )[0])
    }

    /// The registration, locked for a decision.
    static func find(_ id: UUID, on connection: Connection) async throws -> Registration? {
        try await connection.query("SELECT " + Registration.columns + " FROM institutions.registrations WHERE id = $1 FOR UPDATE", [id])
            .first.map { try Registration(row: $0) }
    }

    static func mine(_ registrant: AccountID, on connection: Connection) async throws -> [Registration] {
        try await connection.query(
            "SELECT " + Registration.columns + " FROM institutions.registrations WHERE registrant_id = $1 ORDER BY submitted_at DESC, id",
            [registrant.rawValue]
        ).map { try Registration(row: $0) }
    }

    /// Registrations in `status`, oldest first, after `cursor`.
    static func queue(_ status: RegistrationStatus, limit: Int, after cursor: KeysetCursor?, on connection: Connection) async throws -> [Registration] {
        try await connection.query(
            "SELECT " + Registration.columns + """
             FROM institutions.registrations
            WHERE status = $1 AND ($2::timestamptz IS NULL OR (submitted_at, id) > ($2::timestamptz, $3::uuid))
            ORDER BY submitted_at, id LIMIT $4
            """,
            [status.rawValue, cursor?.time, cursor?.id, limit]
        ).map { try Registration(row: $0) }
    }

    static func approve(_ id: UUID, institution: InstitutionID, by reviewer: AccountID?, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE institutions.registrations SET status = 'approved', institution_id = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $1",
            [id, institution.rawValue, reviewer?.rawValue, now]
        )
    }

    static func reject(_ id: UUID, reason: String, by reviewer: AccountID?, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE institutions.registrations SET status = 'rejected', reject_reason = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $1",
            [id, reason, reviewer?.rawValue, now]
        )
    }
}
