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

    /// Serialises limit checks: every request that may count against the account's or the number's
    /// limits takes both locks (account first, so two requests cannot wait on each other in a cycle)
    /// until its transaction ends.
    static func lockLimits(account: AccountID, number: String, on connection: Connection) async throws {
        _ = try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock(hashtextextended($2, 0))",
            ["verify-account:\(account)", "verify-number:\(digest(number))"]
        )
    }

    struct AttemptCounts: Sendable {
        /// Failed or still running scans of the account in the failure window.
        let scanFailures: Int
        /// "Verified by another account" answers the account received in the failure window.
        let takenAnswers: Int
        /// Attempts of any kind on the number, by any account, in the last hour.
        let numberTries: Int
    }

    /// One statement for the three counts. A reservation ('pending') counts as a failure until settled,
    /// so a concurrent request never sees fewer attempts than will have been made.
    static func counts(account: AccountID, number: String, failuresSince: Date, triesSince: Date, on connection: Connection) async throws -> AttemptCounts {
        let row = try await connection.query(
            """
            SELECT
                count(*) FILTER (WHERE account_id = $1 AND outcome IN ('pending', 'mismatch') AND attempted_at > $3::timestamptz) AS scan_failures,
                count(*) FILTER (WHERE account_id = $1 AND outcome = 'number_taken' AND attempted_at > $3::timestamptz) AS taken_answers,
                count(*) FILTER (WHERE number_digest = $2 AND attempted_at > $4::timestamptz) AS number_tries
            FROM identity.verification_attempts
            WHERE (account_id = $1 AND attempted_at > $3::timestamptz) OR (number_digest = $2 AND attempted_at > $4::timestamptz)
            """,
            [account.rawValue, digest(number), failuresSince, triesSince]
        )[0]
        return AttemptCounts(
            scanFailures: try row.decode(Int.self, "scan_failures"), takenAnswers: try row.decode(Int.self, "taken_answers"),
            numberTries: try row.decode(Int.self, "number_tries")
        )
    }

    enum Outcome: String, Sendable {
        case pending, match, mismatch
        case numberTaken = "number_taken"
    }

    @discardableResult
    static func recordAttempt(by account: AccountID, number: String, outcome: Outcome, at now: Date, on connection: Connection) async throws -> Int64 {
        try await connection.query(
            "INSERT INTO identity.verification_attempts (account_id, number_digest, outcome, attempted_at) VALUES ($1, $2, $3, $4) RETURNING id",
            [account.rawValue, digest(number), outcome.rawValue, now]
        )[0].decode(Int64.self, "id")
    }

    static func settleAttempt(_ id: Int64, as outcome: Outcome, on connection: Connection) async throws {
        try await connection.execute("UPDATE identity.verification_attempts SET outcome = $2 WHERE id = $1", [id, outcome.rawValue])
    }

    /// A reservation whose call never reached a verdict (the service failed) is not the candidate's attempt.
    static func cancelAttempt(_ id: Int64, on connection: Connection) async throws {
        try await connection.execute("DELETE FROM identity.verification_attempts WHERE id = $1 AND outcome = 'pending'", [id])
    }
}
