import Contracts
import Foundation
import Postgres

public enum VerificationStatus: String, Sendable, Codable {
    case unverified
    case pendingScan = "pending_scan"
    case pendingReview = "pending_review"
    case verified, rejected, withdrawn
}

public enum VerificationMethod: String, Sendable, Codable {
    case auto, manual
}

/// One row of `identity.verifications`: a stored model, not a wire type (see VerificationDTOs).
struct Verification: Sendable {
    let id: UUID
    let account: AccountID
    let status: VerificationStatus
    let method: VerificationMethod
    let realName: String
    let documentType: DocumentType
    let documentNumber: String
    let frontAttachment: AttachmentID?
    let backAttachment: AttachmentID?
    let rejectReason: String?
    let submittedAt: Date?
    let createdAt: Date

    static let columns: SQL = """
        id, account_id, status, method, real_name, document_type, document_number, front_attachment_id,
        back_attachment_id, reject_reason, submitted_at, created_at
        """

    /// Throws on a status, method or document type this code does not know.
    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        account = AccountID(try row.decode(UUID.self, "account_id"))
        status = try row.decode(code: VerificationStatus.self, "status")
        method = try row.decode(code: VerificationMethod.self, "method")
        realName = try row.decode(String.self, "real_name")
        documentType = try row.decode(code: DocumentType.self, "document_type")
        documentNumber = try row.decode(String.self, "document_number")
        frontAttachment = try row.decode(UUID?.self, "front_attachment_id").map(AttachmentID.init)
        backAttachment = try row.decode(UUID?.self, "back_attachment_id").map(AttachmentID.init)
        rejectReason = try row.decode(String?.self, "reject_reason")
        submittedAt = try row.decode(Date?.self, "submitted_at")
        createdAt = try row.decode(Date.self, "created_at")
    }

    var entity: EntityReference { EntityReference(type: "verification", id: id.uuidString.lowercased()) }
}

/// What an account's verification looks like now: its latest record and the automatic scans left.
struct VerificationState: Sendable {
    let current: Verification?
    let attemptsLeft: Int

    var status: VerificationStatus { current?.status ?? .unverified }
    var suggestManual: Bool { attemptsLeft == 0 }
    var rejectReason: String? { current?.status == .rejected ? current?.rejectReason : nil }
}
