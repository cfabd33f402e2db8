import Contracts
import Foundation
import LibCrypto
import Postgres
import Web

/// All SQL for `identity.verifications` and `identity.verification_attempts`. Functions take the
/// caller's connection and never open transactions; unique violations on this module's own
/// constraints become its problems here.
enum VerificationStore {
    // MARK: Verifications

    /// The account's latest verification. With `lock`, the account row is locked first, so one
    /// account's verification changes one at a time.
    static func current(of account: AccountID, lock: Bool, on connection: Connection) async throws -> Verification? {
        if lock {
            try await AccountStore.lock(account, on: connection)
        }
        return try await connection.query(
            "SELECT " + Verification.columns + " FROM identity.verifications WHERE account_id = $1 ORDER BY seq DESC LIMIT 1",
            [account.rawValue]
        ).first.map(Verification.init(row:))
    }

    /// The verification, locked for a decision.
    static func find(_ id: UUID, on connection: Connection) async throws -> Verification? {
        try await connection.query(
            "SELECT " + Verification.columns + " FROM identity.verifications WHERE id = $1 FOR UPDATE", [id]
        ).first.map(Verification.init(row:))
    }

    /// The latest verification and the failed or running scans since `since`, in one statement.
    static func latest(of account: AccountID, failuresSince since: Date, on connection: Connection) async throws -> (Verification?, failures: Int) {
        let row = try await connection.query(
            """
            SELECT v.*,
                (SELECT count(*) FROM identity.verification_attempts
                 WHERE account_id = $1 AND outcome IN ('pending', 'mismatch') AND attempted_at > $2::timestamptz) AS failures
            FROM (SELECT 1) AS always
            LEFT JOIN LATERAL (
            """ + "SELECT " + Verification.columns + """
             FROM identity.verifications WHERE account_id = $1 ORDER BY seq DESC LIMIT 1
            ) AS v ON true
            """,
            [account.rawValue, since]
        )[0]
        return (row.isNull("id") ? nil : try Verification(row: row), try row.decode(Int.self, "failures"))
    }

    /// The account's verified verification, if it has one.
    static func verified(of account: AccountID, on connection: Connection) async throws -> Verification? {
        try await connection.query(
            "SELECT " + Verification.columns + " FROM identity.verifications WHERE account_id = $1 AND status = 'verified'", [account.rawValue]
        ).first.map(Verification.init(row:))
    }

    /// The verified verifications of `accounts`; with a fragment, only names containing it.
    static func verified(of accounts: [AccountID], nameContaining fragment: String?, on connection: Connection) async throws -> [Verification] {
        try await connection.query(
            "SELECT " + Verification.columns + """
             FROM identity.verifications
            WHERE account_id = ANY($1::uuid[]) AND status = 'verified' AND ($2::text IS NULL OR strpos(real_name, $2) > 0)
            """,
            [accounts.map(\.rawValue), fragment]
        ).map(Verification.init(row:))
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

    static func insert(
        account: AccountID, method: VerificationMethod, name: String, type: DocumentType, number: String, at now: Date,
        on connection: Connection
    ) async throws -> UUID {
        try await connection.query(
            """
            INSERT INTO identity.verifications (account_id, status, method, real_name, document_type, document_number, created_at, updated_at)
            VALUES ($1, 'pending_scan', $2, $3, $4, $5, $6, $6) RETURNING id
            """,
            [account.rawValue, method.rawValue, name, type.rawValue, number, now]
        )[0].decode(UUID.self, "id")
    }

    /// New information for a verification still waiting for its scan; its photos are forgotten.
    static func replaceInformation(
        _ id: UUID, method: VerificationMethod, name: String, type: DocumentType, number: String, at now: Date, on connection: Connection
    ) async throws {
        try await connection.execute(
            """
            UPDATE identity.verifications SET method = $2, real_name = $3, document_type = $4, document_number = $5,
                front_attachment_id = NULL, back_attachment_id = NULL, updated_at = $6
            WHERE id = $1
            """,
            [id, method.rawValue, name, type.rawValue, number, now]
        )
    }

    static func submitForReview(_ id: UUID, front: AttachmentID, back: AttachmentID, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            UPDATE identity.verifications SET status = 'pending_review', front_attachment_id = $2, back_attachment_id = $3,
                submitted_at = $4, updated_at = $4
            WHERE id = $1
            """,
            [id, front.rawValue, back.rawValue, now]
        )
    }

    /// An automatic match. Another account verifying the same number at the same moment makes this
    /// `document_already_verified` (the unique index decides the race).
    static func markVerified(_ id: UUID, front: AttachmentID, back: AttachmentID, at now: Date, on connection: Connection) async throws {
        try await numberUnique {
            try await connection.execute(
                """
                UPDATE identity.verifications SET status = 'verified', front_attachment_id = $2, back_attachment_id = $3, updated_at = $4
                WHERE id = $1
                """,
                [id, front.rawValue, back.rawValue, now]
            )
        }
    }

    /// A reviewer's approval; races on the number as `markVerified`.
    static func approve(_ id: UUID, by reviewer: AccountID?, at now: Date, on connection: Connection) async throws {
        try await numberUnique {
            try await connection.execute(
                "UPDATE identity.verifications SET status = 'verified', reviewed_by = $2, reviewed_at = $3, updated_at = $3 WHERE id = $1",
                [id, reviewer?.rawValue, now]
            )
        }
    }

    static func reject(_ id: UUID, reason: String, by reviewer: AccountID?, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            """
            UPDATE identity.verifications SET status = 'rejected', reject_reason = $2, reviewed_by = $3, reviewed_at = $4, updated_at = $4
            WHERE id = $1
            """,
            [id, reason, reviewer?.rawValue, now]
        )
    }

    static func setStatus(_ id: UUID, to status: VerificationStatus, at now: Date, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE identity.verifications SET status = $2, updated_at = $3 WHERE id = $1", [id, status.rawValue, now]
        )
    }

    /// The review queue after `cursor`, oldest first: up to `limit` rows.
    static func pendingReview(limit: Int, after cursor: KeysetCursor?, on connection: Connection) async throws -> [Verification] {
        try await connection.query(
            "SELECT " + Verification.columns + """
             FROM identity.verifications
            WHERE status = 'pending_review' AND ($1::timestamptz IS NULL OR (submitted_at, id) > ($1::timestamptz, $2::uuid))
            ORDER BY submitted_at, id LIMIT $3
            """,
            [cursor?.time, cursor?.id, limit]
        ).map(Verification.init(row:))
    }

    private static func numberUnique(_ body: () async throws -> Int) async throws {
        do {
            _ = try await body()
        } catch let error as PostgresError where error.isUniqueViolation(of: "verifications_verified_number_idx") {
            throw VerificationProblems.numberTaken
        }
    }

    // MARK: Attempts (the limits)

    /// SHA-256 of the normalised number: enough to count tries of one number without keeping another copy.
    static func digest(_ number: String) -> String {
        Hex.encode(SHA256.hash(Array(number.utf8)))
    }

    /// Serialises limit checks: every request that may count against the account's or the number's
    /// limits takes both locks (account first, so two requests cannot wait on each other in a cycle)
    /// until its transaction ends.
    static func lockLimits(account: AccountID, number: String, on connection: Connection) async throws {
        try await connection.advisoryLocks(["verify-account:\(account)", "verify-number:\(digest(number))"])
    }

    struct AttemptCounts: Sendable {
        /// Failed or still running scans of the account in the failure window.
        let scanFailures: Int
        /// "Verified by another account" answers the account received in the failure window.
        let takenAnswers: Int
        /// Attempts of any kind on the number, by any account, in the number window.
        let numberTries: Int

        init(row: Row) throws {
            scanFailures = try row.decode(Int.self, "scan_failures")
            takenAnswers = try row.decode(Int.self, "taken_answers")
            numberTries = try row.decode(Int.self, "number_tries")
        }
    }

    /// One statement for the three counts. A reservation ('pending') counts as a failure until settled,
    /// so a concurrent request never sees fewer attempts than will have been made.
    static func counts(account: AccountID, number: String, failuresSince: Date, triesSince: Date, on connection: Connection) async throws -> AttemptCounts {
        try AttemptCounts(row: try await connection.query(
            """
            SELECT
                count(*) FILTER (WHERE account_id = $1 AND outcome IN ('pending', 'mismatch') AND attempted_at > $3::timestamptz) AS scan_failures,
                count(*) FILTER (WHERE account_id = $1 AND outcome = 'number_taken' AND attempted_at > $3::timestamptz) AS taken_answers,
                count(*) FILTER (WHERE number_digest = $2 AND attempted_at > $4::timestamptz) AS number_tries
            FROM identity.verification_attempts
            WHERE (account_id = $1 AND attempted_at > $3::timestamptz) OR (number_digest = $2 AND attempted_at > $4::timestamptz)
            """,
            [account.rawValue, digest(number), failuresSince, triesSince]
        )[0])
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
