import Contracts
import Foundation
import LibCrypto
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

/// One row of `identity.verifications`.
struct Verification: Sendable {
    let id: UUID
    let account: AccountID
    let status: VerificationStatus
    let method: VerificationMethod
    let realName: String
    let documentType: DocumentType
    let documentNumber: String
    let frontAttachment: UUID?
    let backAttachment: UUID?
    let rejectReason: String?
    let submittedAt: Date?
    let createdAt: Date

    static let columns = """
        id, account_id, status, method, real_name, document_type, document_number, front_attachment_id,
        back_attachment_id, reject_reason, submitted_at, created_at
        """

    init(_ row: Row) throws {
        id = try row.decode(UUID.self, "id")
        account = AccountID(try row.decode(UUID.self, "account_id"))
        status = VerificationStatus(rawValue: try row.decode(String.self, "status")) ?? .withdrawn
        method = VerificationMethod(rawValue: try row.decode(String.self, "method")) ?? .manual
        realName = try row.decode(String.self, "real_name")
        documentType = DocumentType(rawValue: try row.decode(String.self, "document_type")) ?? .militaryID
        documentNumber = try row.decode(String.self, "document_number")
        frontAttachment = try row.decode(UUID?.self, "front_attachment_id")
        backAttachment = try row.decode(UUID?.self, "back_attachment_id")
        rejectReason = try row.decode(String?.self, "reject_reason")
        submittedAt = try row.decode(Date?.self, "submitted_at")
        createdAt = try row.decode(Date.self, "created_at")
    }
}

/// SQL for `identity.verifications` and `identity.verification_attempts`.
enum VerificationStore {
    /// The account's latest verification, locking the account so its verification changes one at a time.
    static func current(of account: AccountID, lock: Bool, on connection: Connection) async throws -> Verification? {
        if lock {
            _ = try await connection.query("SELECT id FROM identity.accounts WHERE id = $1 FOR UPDATE", [account.rawValue])
        }
        return try await connection.query(
            "SELECT \(Verification.columns) FROM identity.verifications WHERE account_id = $1 ORDER BY seq DESC LIMIT 1",
            [account.rawValue]
        ).first.map(Verification.init)
    }

    static func find(_ id: UUID, on connection: Connection) async throws -> Verification? {
        try await connection.query(
            "SELECT \(Verification.columns) FROM identity.verifications WHERE id = $1 FOR UPDATE", [id]
        ).first.map(Verification.init)
    }

    /// Whether another account has verified this number.
    static func isVerifiedElsewhere(_ type: DocumentType, _ number: String, notBy account: AccountID, on connection: Connection) async throws -> Bool {
        try await connection.query(
            """
            SELECT 1 AS taken FROM identity.verifications
            WHERE document_type = $1 AND document_number = $2 AND status = 'verified' AND account_id <> $3
            """,
            [type.rawValue, number, account.rawValue]
        ).isEmpty == false
    }

    static func setStatus(_ id: UUID, to status: VerificationStatus, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE identity.verifications SET status = $2, updated_at = $3 WHERE id = $1", [id, status.rawValue, now]
        )
    }

    /// SHA-256 of the normalised number: enough to count tries of one number without keeping another copy.
    static func digest(_ number: String) -> String {
        Hex.encode(SHA256.hash(Array(number.utf8)))
    }

    static func failures(of account: AccountID, since: Date, on connection: Connection) async throws -> Int {
        try await connection.query(
            "SELECT count(*) AS n FROM identity.verification_attempts WHERE account_id = $1 AND NOT matched AND attempted_at > $2::timestamptz",
            [account.rawValue, since]
        )[0].decode(Int.self, "n")
    }

    static func tries(ofNumber number: String, since: Date, on connection: Connection) async throws -> Int {
        try await connection.query(
            "SELECT count(*) AS n FROM identity.verification_attempts WHERE number_digest = $1 AND attempted_at > $2::timestamptz",
            [digest(number), since]
        )[0].decode(Int.self, "n")
    }

    static func recordAttempt(by account: AccountID, number: String, matched: Bool, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "INSERT INTO identity.verification_attempts (account_id, number_digest, matched, attempted_at) VALUES ($1, $2, $3, $4)",
            [account.rawValue, digest(number), matched, now]
        )
    }
}
