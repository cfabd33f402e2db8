import Contracts
import Foundation
import Postgres

enum RegistrationStatus: String, Sendable, Codable, CaseIterable {
    case submitted, approved, rejected

    /// As the console shows it.
    var label: String {
        switch self {
        case .submitted: "待审核"
        case .approved: "已通过"
        case .rejected: "已驳回"
        }
    }
}

/// One row of `institutions.registrations` (机构注册): a stored model.
struct Registration: Sendable {
    let id: UUID
    let registrant: AccountID
    let details: InstitutionDetails
    let contactName: String
    let contactPhone: String
    let licence: AttachmentID
    let status: RegistrationStatus
    let rejectReason: String?
    let institution: InstitutionID?
    let submittedAt: Date
    let reviewedAt: Date?

    static let columns: SQL = """
        id, registrant_id, name, uscc, uscc_check_passed, superior_unit, category, region, address, contact_name, contact_phone,
        licence_attachment_id, status, reject_reason, institution_id, submitted_at, reviewed_at
        """

    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        registrant = AccountID(try row.decode(UUID.self, "registrant_id"))
        details = InstitutionDetails(
            name: try row.decode(String.self, "name"), uscc: try row.decode(String.self, "uscc"),
            usccCheckPassed: try row.decode(Bool.self, "uscc_check_passed"), superiorUnit: try row.decode(String?.self, "superior_unit"),
            category: try row.decode(code: InstitutionCategory.self, "category"), region: try row.decode(code: HubeiRegion.self, "region"),
            address: try row.decode(String.self, "address")
        )
        contactName = try row.decode(String.self, "contact_name")
        contactPhone = try row.decode(String.self, "contact_phone")
        licence = AttachmentID(try row.decode(UUID.self, "licence_attachment_id"))
        status = try row.decode(code: RegistrationStatus.self, "status")
        rejectReason = try row.decode(String?.self, "reject_reason")
        institution = try row.decode(UUID?.self, "institution_id").map(InstitutionID.init)
        submittedAt = try row.decode(Date.self, "submitted_at")
        reviewedAt = try row.decode(Date?.self, "reviewed_at")
    }

    var entity: EntityReference { EntityReference(type: "institution_registration", id: id.uuidString.lowercased()) }
}

/// A checked registration, ready to store.
struct RegistrationInput: Sendable {
    let details: InstitutionDetails
    let contactName: String
    let contactPhone: PhoneNumber
    let licence: AttachmentID
}
