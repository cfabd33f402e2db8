import Audit
import Contracts
import Foundation
import Logging
import Postgres

/// 实名认证 in three steps (信息填写 → 证件扫描 → 认证成功), withdrawal, and the platform administrators' review.
/// Every transition writes an audit event in the same transaction.
struct VerificationService: Sendable {
    let database: Database
    let attachments: any AttachmentStore
    let verifier: any IDVerifier
    let clock: any WallClock
    let settings: IdentitySettings

    // MARK: Step 1: information

    struct Start: Decodable, Sendable {
        let realName: String
        let documentType: String
        let documentNumber: String
        let method: String
    }

    func start(_ account: AccountID, _ input: Start, origin: RequestOrigin) async throws {
        let (name, type, number, method) = try Self.validate(input, today: clock.now())
        let now = clock.now()
        try await database.transaction { connection in
            let current = try await VerificationStore.current(of: account, lock: true, on: connection)
            switch current?.status {
            case .verified: throw VerificationProblems.alreadyVerified
            case .pendingReview: throw VerificationProblems.underReview
            default: break
            }
            if try await VerificationStore.isVerifiedElsewhere(type, number, notBy: account, on: connection) {
                throw VerificationProblems.numberTaken
            }
            if method == .auto {
                let failures = try await VerificationStore.failures(of: account, since: now.addingTimeInterval(-settings.verificationFailureWindow), on: connection)
                if failures >= settings.verificationMaximumFailures { throw VerificationProblems.tooManyFailures }
            }
            if let current, current.status == .pendingScan {
                try await connection.execute(
                    """
                    UPDATE identity.verifications SET method = $2, real_name = $3, document_type = $4, document_number = $5,
                        front_attachment_id = NULL, back_attachment_id = NULL, updated_at = $6
                    WHERE id = $1
                    """,
                    [current.id, method.rawValue, name, type.rawValue, number, now]
                )
                try await audit("verification.update", current.id, from: .pendingScan, to: .pendingScan, ["method": method.rawValue, "document_type": type.rawValue], origin, connection)
            } else {
                let id = try await connection.query(
                    """
                    INSERT INTO identity.verifications (account_id, status, method, real_name, document_type, document_number, created_at, updated_at)
                    VALUES ($1, 'pending_scan', $2, $3, $4, $5, $6, $6) RETURNING id
                    """,
                    [account.rawValue, method.rawValue, name, type.rawValue, number, now]
                )[0].decode(UUID.self, "id")
                try await audit(
                    "verification.start", id, from: current?.status ?? .unverified, to: .pendingScan,
                    ["method": method.rawValue, "document_type": type.rawValue], origin, connection
                )
            }
        }
    }

    static func validate(_ input: Start, today: Date) throws(Problem) -> (String, DocumentType, String, VerificationMethod) {
        var problems: [FieldProblem] = []
        let name = input.realName.trimmingCharacters(in: .whitespacesAndNewlines)
        // Decimal digits only: Character.isNumber is also true for 三, 五 and other CJK numerals.
        let hasDigit = name.unicodeScalars.contains { $0.properties.generalCategory == .decimalNumber }
        if name.isEmpty || name.count > 50 || hasDigit || name.contains(where: \.isNewline) {
            problems.append(FieldProblem(field: "realName", code: "invalid_name", message: "请填写与证件一致的真实姓名"))
        }
        let type = DocumentType(rawValue: input.documentType)
        if type == nil {
            problems.append(FieldProblem(field: "documentType", code: "unknown_document_type", message: "请选择证件类型"))
        }
        let number = DocumentNumber.normalize(input.documentNumber)
        if let type, let problem = DocumentNumber.problem(with: number, type: type, today: today) {
            problems.append(FieldProblem(field: "documentNumber", code: "invalid_document_number", message: problem))
        }
        let method = VerificationMethod(rawValue: input.method)
        if method == nil {
            problems.append(FieldProblem(field: "method", code: "unknown_method", message: "请选择认证方式"))
        } else if method == .auto, let type, !type.allowsAutomaticVerification {
            problems.append(FieldProblem(field: "method", code: "auto_not_available", message: "仅居民身份证支持自动核验，请选择人工审核"))
        }
        guard problems.isEmpty, let type, let method else { throw Problem.validation(problems) }
        return (name, type, number, method)
    }

    // MARK: Step 2: scan

    struct Scan: Decodable, Sendable {
        let frontAttachmentId: String
        let backAttachmentId: String
    }

    func scan(_ account: AccountID, _ input: Scan, origin: RequestOrigin) async throws -> VerificationStatus {
        let (front, back) = try await checkAttachments(input, of: account)
        let current = try await database.withConnection { try await VerificationStore.current(of: account, lock: false, on: $0) }
        guard let current, current.status == .pendingScan else { throw VerificationProblems.notAwaitingScan }
        switch current.method {
        case .manual: return try await submitForReview(current, front: front, back: back, origin: origin)
        case .auto: return try await verifyAutomatically(current, front: front, back: back, origin: origin)
        }
    }

    /// Both photos must be the caller's own uploads of the identity-document purposes.
    private func checkAttachments(_ input: Scan, of account: AccountID) async throws -> (AttachmentID, AttachmentID) {
        var problems: [FieldProblem] = []
        func check(_ text: String, _ field: String, purpose: String) async throws -> AttachmentID? {
            guard let uuid = UUID(uuidString: text),
                  let summary = try await attachments.attachment(AttachmentID(uuid), ownedBy: account)
            else {
                problems.append(FieldProblem(field: field, code: "attachment_not_found", message: "未找到上传的证件照片，请重新上传"))
                return nil
            }
            guard summary.purpose == purpose, summary.mediaType != "application/pdf" else {
                problems.append(FieldProblem(field: field, code: "wrong_attachment_purpose", message: "请上传证件\(purpose == "id_document_front" ? "正面" : "反面")照片"))
                return nil
            }
            return summary.id
        }
        let front = try await check(input.frontAttachmentId, "frontAttachmentId", purpose: "id_document_front")
        let back = try await check(input.backAttachmentId, "backAttachmentId", purpose: "id_document_back")
        guard problems.isEmpty, let front, let back else { throw Problem.validation(problems) }
        return (front, back)
    }

    private func submitForReview(_ current: Verification, front: AttachmentID, back: AttachmentID, origin: RequestOrigin) async throws -> VerificationStatus {
        let now = clock.now()
        try await database.transaction { connection in
            guard let locked = try await VerificationStore.current(of: current.account, lock: true, on: connection),
                  locked.id == current.id, locked.status == .pendingScan
            else { throw VerificationProblems.notAwaitingScan }
            try await share(front, back, of: current, on: connection)
            try await connection.execute(
                """
                UPDATE identity.verifications SET status = 'pending_review', front_attachment_id = $2, back_attachment_id = $3,
                    submitted_at = $4, updated_at = $4
                WHERE id = $1
                """,
                [current.id, front.rawValue, back.rawValue, now]
            )
            try await audit("verification.submit", current.id, from: .pendingScan, to: .pendingReview, [:], origin, connection)
        }
        return .pendingReview
    }

    private func verifyAutomatically(_ current: Verification, front: AttachmentID, back: AttachmentID, origin: RequestOrigin) async throws -> VerificationStatus {
        let now = clock.now()
        let failures = try await database.withConnection { connection in
            let failures = try await VerificationStore.failures(of: current.account, since: now.addingTimeInterval(-settings.verificationFailureWindow), on: connection)
            guard failures < settings.verificationMaximumFailures else { throw VerificationProblems.tooManyFailures }
            let tries = try await VerificationStore.tries(ofNumber: current.documentNumber, since: now.addingTimeInterval(-3600), on: connection)
            guard tries < settings.verificationTriesPerNumberPerHour else { throw VerificationProblems.numberTriedTooOften }
            return failures
        }
        guard let image = try await attachments.contents(front, ownedBy: current.account) else { throw VerificationProblems.photoUnavailable }

        // The outside call holds no connection; a service failure is not the candidate's attempt.
        let outcome: IDVerification
        do {
            outcome = try await verifier.verify(name: current.realName, residentID: current.documentNumber, portraitImage: image)
        } catch {
            throw VerificationProblems.serviceUnavailable
        }

        let committed: Committed<VerificationStatus> = try await database.transaction { connection in
            guard let locked = try await VerificationStore.current(of: current.account, lock: true, on: connection),
                  locked.id == current.id, locked.status == .pendingScan
            else { return .refused(VerificationProblems.notAwaitingScan) }
            switch outcome {
            case .match:
                if try await VerificationStore.isVerifiedElsewhere(current.documentType, current.documentNumber, notBy: current.account, on: connection) {
                    return .refused(VerificationProblems.numberTaken)
                }
                try await VerificationStore.recordAttempt(by: current.account, number: current.documentNumber, matched: true, at: now, on: connection)
                try await share(front, back, of: current, on: connection)
                try await connection.execute(
                    """
                    UPDATE identity.verifications SET status = 'verified', front_attachment_id = $2, back_attachment_id = $3, updated_at = $4
                    WHERE id = $1
                    """,
                    [current.id, front.rawValue, back.rawValue, now]
                )
                try await audit("verification.verify", current.id, from: .pendingScan, to: .verified, ["method": "auto"], origin, connection)
                return .done(.verified)
            case .mismatch(let reason):
                try await VerificationStore.recordAttempt(by: current.account, number: current.documentNumber, matched: false, at: now, on: connection)
                let attemptsLeft = max(0, settings.verificationMaximumFailures - failures - 1)
                try await audit(
                    "verification.scan_failed", current.id, from: .pendingScan, to: .pendingScan,
                    ["attempts_left": String(attemptsLeft)], origin, connection
                )
                return .refused(VerificationProblems.mismatch(reason: reason, attemptsLeft: attemptsLeft))
            }
        }
        return try committed.get()
    }

    /// Links the photos to the verification and lets platform administrators (the reviewers) read them.
    private func share(_ front: AttachmentID, _ back: AttachmentID, of verification: Verification, on connection: Connection) async throws {
        let entity = EntityReference(type: "verification", id: verification.id.uuidString.lowercased())
        for id in [front, back] {
            guard try await attachments.link(id, ownedBy: verification.account, to: entity, on: connection) else {
                throw VerificationProblems.photoUnavailable
            }
            try await attachments.grantRead(id, to: .platformAdmins, on: connection)
        }
    }

    // MARK: Withdrawal

    func withdraw(_ account: AccountID, origin: RequestOrigin) async throws {
        let now = clock.now()
        try await database.transaction { connection in
            guard let current = try await VerificationStore.current(of: account, lock: true, on: connection) else {
                throw VerificationProblems.nothingToWithdraw
            }
            switch current.status {
            case .pendingScan, .pendingReview:
                try await VerificationStore.setStatus(current.id, to: .withdrawn, at: now, on: connection)
                try await audit("verification.withdraw", current.id, from: current.status, to: .withdrawn, [:], origin, connection)
            case .verified: throw VerificationProblems.verifiedCannotWithdraw
            default: throw VerificationProblems.nothingToWithdraw
            }
        }
    }

    // MARK: Status

    struct StatusView: Encodable, Sendable {
        let status: VerificationStatus
        let method: VerificationMethod?
        let realName: String?
        let documentType: DocumentType?
        /// Full number, only ever sent to its owner.
        let documentNumber: String?
        let documentNumberMasked: String?
        let attemptsLeft: Int
        let suggestManual: Bool
        let rejectReason: String?
    }

    /// One statement: the latest verification (if any) and the failed scans in the window.
    func status(of account: AccountID) async throws -> StatusView {
        let now = clock.now()
        let row = try await database.query(
            """
            SELECT v.*,
                (SELECT count(*) FROM identity.verification_attempts
                 WHERE account_id = $1 AND NOT matched AND attempted_at > $2::timestamptz) AS failures
            FROM (SELECT 1) AS always
            LEFT JOIN LATERAL (
                SELECT \(Verification.columns) FROM identity.verifications WHERE account_id = $1 ORDER BY seq DESC LIMIT 1
            ) AS v ON true
            """,
            [account.rawValue, now.addingTimeInterval(-settings.verificationFailureWindow)]
        )[0]
        let current = row.isNull("id") ? nil : try Verification(row)
        let attemptsLeft = max(0, settings.verificationMaximumFailures - (try row.decode(Int.self, "failures")))
        return StatusView(
            status: current?.status ?? .unverified, method: current?.method, realName: current?.realName,
            documentType: current?.documentType, documentNumber: current?.documentNumber,
            documentNumberMasked: current.map { DocumentNumber.masked($0.documentNumber) },
            attemptsLeft: attemptsLeft, suggestManual: attemptsLeft == 0,
            rejectReason: current?.status == .rejected ? current?.rejectReason : nil
        )
    }

    // MARK: Review (platform administrators)

    struct ReviewItem: Encodable, Sendable {
        let id: UUID
        let accountId: String
        let realName: String
        let documentType: DocumentType
        let documentNumberMasked: String
        let method: VerificationMethod
        let submittedAt: Date?
        let frontAttachmentId: UUID?
        let backAttachmentId: UUID?
    }

    struct ReviewPage: Encodable, Sendable {
        let items: [ReviewItem]
        let nextCursor: String?
    }

    func reviewQueue(limit: Int, after cursor: ReviewCursor?) async throws -> ReviewPage {
        let rows = try await database.query(
            """
            SELECT \(Verification.columns) FROM identity.verifications
            WHERE status = 'pending_review' AND ($1::timestamptz IS NULL OR (submitted_at, id) > ($1::timestamptz, $2::uuid))
            ORDER BY submitted_at, id LIMIT $3
            """,
            [cursor?.submittedAt, cursor?.id, limit + 1]
        )
        let verifications = try rows.map(Verification.init)
        let page = verifications.prefix(limit)
        let items = page.map {
            ReviewItem(
                id: $0.id, accountId: $0.account.description, realName: $0.realName, documentType: $0.documentType,
                documentNumberMasked: DocumentNumber.masked($0.documentNumber), method: $0.method, submittedAt: $0.submittedAt,
                frontAttachmentId: $0.frontAttachment, backAttachmentId: $0.backAttachment
            )
        }
        let next = verifications.count > limit ? page.last.flatMap { last in last.submittedAt.map { ReviewCursor(submittedAt: $0, id: last.id).encoded } } : nil
        return ReviewPage(items: items, nextCursor: next)
    }

    func approve(_ id: UUID, origin: RequestOrigin) async throws {
        let now = clock.now()
        try await database.transaction { connection in
            let verification = try await pendingReview(id, on: connection)
            if try await VerificationStore.isVerifiedElsewhere(verification.documentType, verification.documentNumber, notBy: verification.account, on: connection) {
                throw VerificationProblems.numberTaken
            }
            try await connection.execute(
                "UPDATE identity.verifications SET status = 'verified', reviewed_by = $2, reviewed_at = $3, updated_at = $3 WHERE id = $1",
                [id, origin.actor?.rawValue, now]
            )
            try await audit("verification.approve", id, from: .pendingReview, to: .verified, [:], origin, connection)
        }
    }

    func reject(_ id: UUID, reason: String, origin: RequestOrigin) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(reason.count) else {
            throw Problem.validation([FieldProblem(field: "reason", code: "required", message: "请填写驳回原因（不超过200字）")])
        }
        let now = clock.now()
        try await database.transaction { connection in
            _ = try await pendingReview(id, on: connection)
            try await connection.execute(
                """
                UPDATE identity.verifications SET status = 'rejected', reject_reason = $2, reviewed_by = $3, reviewed_at = $4, updated_at = $4
                WHERE id = $1
                """,
                [id, reason, origin.actor?.rawValue, now]
            )
            try await audit("verification.reject", id, from: .pendingReview, to: .rejected, [:], origin, connection)
        }
    }

    private func pendingReview(_ id: UUID, on connection: Connection) async throws -> Verification {
        guard let verification = try await VerificationStore.find(id, on: connection) else { throw Problem.notFound }
        guard verification.status == .pendingReview else { throw VerificationProblems.notUnderReview }
        return verification
    }

    private func audit(
        _ action: String, _ id: UUID, from: VerificationStatus, to: VerificationStatus, _ details: [String: String],
        _ origin: RequestOrigin, _ connection: Connection
    ) async throws {
        try await connection.record(
            AuditEvent(
                action: action, entityType: "verification", entityID: id.uuidString.lowercased(),
                fromState: from.rawValue, toState: to.rawValue, details: details
            ),
            origin: origin
        )
    }
}

/// Opaque keyset position in the review queue, base64url so it travels in a query string unescaped.
struct ReviewCursor: Sendable {
    let submittedAt: Date
    let id: UUID

    var encoded: String {
        Base64URL.encode(Array("\(Int64((submittedAt.timeIntervalSince1970 * 1_000_000).rounded()))_\(id.uuidString.lowercased())".utf8))
    }

    init(submittedAt: Date, id: UUID) {
        self.submittedAt = submittedAt
        self.id = id
    }

    init?(encoded: String) {
        guard let bytes = Base64URL.decode(encoded), let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "_")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
        self.init(submittedAt: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }
}
