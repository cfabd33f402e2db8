import Audit
import Contracts
import Foundation
import Logging
import Postgres
import Web

/// 实名认证 in three steps (信息填写 → 证件扫描 → 认证成功), withdrawal, and the platform administrators' review.
/// Every transition writes an audit event in the same transaction.
struct VerificationService: Sendable {
    let database: Database
    let attachments: any AttachmentStore
    let verifier: any IDVerifier
    let clock: any WallClock
    let settings: IdentitySettings

    // MARK: Step 1: information

    struct Start: StrictBody, Sendable {
        static let fields: Set<String> = ["realName", "documentType", "documentNumber", "method"]
        let realName: String
        let documentType: String
        let documentNumber: String
        let method: String
    }

    func start(_ account: AccountID, _ input: Start, origin: RequestOrigin) async throws {
        let (name, type, number, method) = try Self.validate(input, today: clock.now())
        let now = clock.now()
        let committed: Committed<Void> = try await database.transaction { connection in
            let current = try await VerificationStore.current(of: account, lock: true, on: connection)
            switch current?.status {
            case .verified: throw VerificationProblems.alreadyVerified
            case .pendingReview: throw VerificationProblems.underReview
            default: break
            }
            // "Verified by another account" tells whether a number is in use, so those answers count
            // against both limits. The limits are checked before the lookup, for every number, so the
            // 429 itself says nothing about the number.
            try await VerificationStore.lockLimits(account: account, number: number, on: connection)
            let counts = try await counts(account, number, now: now, on: connection)
            if counts.numberTries >= settings.verificationTriesPerNumberPerHour { throw VerificationProblems.numberTriedTooOften }
            if counts.takenAnswers >= settings.verificationMaximumFailures { throw VerificationProblems.tooManyTakenNumbers }
            if try await VerificationStore.isVerifiedElsewhere(type, number, notBy: account, on: connection) {
                try await VerificationStore.recordAttempt(by: account, number: number, outcome: .numberTaken, at: now, on: connection)
                return .refused(VerificationProblems.numberTaken)
            }
            if method == .auto, counts.scanFailures >= settings.verificationMaximumFailures {
                throw VerificationProblems.tooManyFailures
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
            return .done(())
        }
        try committed.get()
    }

    private func counts(_ account: AccountID, _ number: String, now: Date, on connection: Connection) async throws -> VerificationStore.AttemptCounts {
        try await VerificationStore.counts(
            account: account, number: number, failuresSince: now.addingTimeInterval(-settings.verificationFailureWindow),
            triesSince: now.addingTimeInterval(-3600), on: connection
        )
    }

    static let realName = TextInput(field: "realName", label: "真实姓名", maximumScalars: 50)
    static let rejectReason = TextInput(field: "reason", label: "驳回原因", maximumScalars: 200, multiline: true)

    static func validate(_ input: Start, today: Date) throws(Problem) -> (String, DocumentType, String, VerificationMethod) {
        var problems: [FieldProblem] = []
        var name = ""
        switch Self.realName.validate(input.realName) {
        case .success(let cleaned):
            name = cleaned
            // Decimal digits only: Character.isNumber is also true for 三, 五 and other CJK numerals.
            if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .decimalNumber }) {
                problems.append(FieldProblem(field: "realName", code: "invalid_name", message: "请填写与证件一致的真实姓名"))
            }
        case .failure(let problem):
            problems.append(problem)
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

    struct Scan: StrictBody, Sendable {
        static let fields: Set<String> = ["frontAttachmentId", "backAttachmentId"]
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
        // Check the limits and reserve the attempt under the limit locks, so concurrent scans count each
        // other: the limit admits exactly as many FaceID calls as it allows, never one more.
        let reservation = try await database.transaction { connection in
            try await VerificationStore.lockLimits(account: current.account, number: current.documentNumber, on: connection)
            let counts = try await counts(current.account, current.documentNumber, now: now, on: connection)
            guard counts.scanFailures < settings.verificationMaximumFailures else { throw VerificationProblems.tooManyFailures }
            guard counts.numberTries < settings.verificationTriesPerNumberPerHour else { throw VerificationProblems.numberTriedTooOften }
            return try await VerificationStore.recordAttempt(by: current.account, number: current.documentNumber, outcome: .pending, at: now, on: connection)
        }

        // The outside call holds no connection; a service failure is not the candidate's attempt.
        let outcome: IDVerification
        do {
            guard let image = try await attachments.contents(front, ownedBy: current.account) else { throw VerificationProblems.photoUnavailable }
            outcome = try await verifier.verify(name: current.realName, residentID: current.documentNumber, portraitImage: image)
        } catch {
            try await database.transaction { try await VerificationStore.cancelAttempt(reservation, on: $0) }
            if let problem = error as? Problem { throw problem }
            throw VerificationProblems.serviceUnavailable
        }

        let committed: Committed<VerificationStatus> = try await database.transaction { connection in
            // The call was made whatever happens next, so the reservation is settled first.
            switch outcome {
            case .match: try await VerificationStore.settleAttempt(reservation, as: .match, on: connection)
            case .mismatch: try await VerificationStore.settleAttempt(reservation, as: .mismatch, on: connection)
            }
            guard let locked = try await VerificationStore.current(of: current.account, lock: true, on: connection),
                  locked.id == current.id, locked.status == .pendingScan
            else { return .refused(VerificationProblems.notAwaitingScan) }
            switch outcome {
            case .match:
                if try await VerificationStore.isVerifiedElsewhere(current.documentType, current.documentNumber, notBy: current.account, on: connection) {
                    return .refused(VerificationProblems.numberTaken)
                }
                // Nobody reviews an automatic verification, so the photos are linked but not shared.
                try await link(front, back, of: current, on: connection)
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
                let failures = try await counts(current.account, current.documentNumber, now: now, on: connection).scanFailures
                let attemptsLeft = max(0, settings.verificationMaximumFailures - failures)
                try await audit(
                    "verification.scan_failed", current.id, from: .pendingScan, to: .pendingScan,
                    ["attempts_left": String(attemptsLeft)], origin, connection
                )
                return .refused(VerificationProblems.mismatch(reason: reason, attemptsLeft: attemptsLeft))
            }
        }
        return try committed.get()
    }

    /// Links the photos to the verification (the record of what was shown).
    private func link(_ front: AttachmentID, _ back: AttachmentID, of verification: Verification, on connection: Connection) async throws {
        let entity = EntityReference(type: "verification", id: verification.id.uuidString.lowercased())
        for id in [front, back] {
            guard try await attachments.link(id, ownedBy: verification.account, to: entity, on: connection) else {
                throw VerificationProblems.photoUnavailable
            }
        }
    }

    /// Links the photos and lets platform administrators (the reviewers) read them while under review.
    private func share(_ front: AttachmentID, _ back: AttachmentID, of verification: Verification, on connection: Connection) async throws {
        try await link(front, back, of: verification, on: connection)
        for id in [front, back] {
            try await attachments.grantRead(id, to: .platformAdmins, on: connection)
        }
    }

    /// Review is over (withdrawn or decided): the reviewers' access ends with it. The link stays, so the
    /// audit trail still says which files were shown (docs/adr/0006).
    private func unshare(_ verification: Verification, on connection: Connection) async throws {
        for id in [verification.frontAttachment, verification.backAttachment].compactMap({ $0 }) {
            try await attachments.revokeRead(AttachmentID(id), from: .platformAdmins, on: connection)
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
                try await unshare(current, on: connection)
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
                 WHERE account_id = $1 AND outcome IN ('pending', 'mismatch') AND attempted_at > $2::timestamptz) AS failures
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

    /// Identifiers travel as lower-case UUID text, as everywhere else in the API.
    struct ReviewItem: Encodable, Sendable {
        let id: String
        let accountId: String
        let realName: String
        let documentType: DocumentType
        let documentNumberMasked: String
        let method: VerificationMethod
        let submittedAt: Date?
        let frontAttachmentId: String?
        let backAttachmentId: String?

        enum CodingKeys: String, CodingKey {
            case id, accountId, realName, documentType, documentNumberMasked, method, submittedAt, frontAttachmentId, backAttachmentId
        }

        /// Every member present, `null` included, as the contract lists them as required.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(accountId, forKey: .accountId)
            try container.encode(realName, forKey: .realName)
            try container.encode(documentType, forKey: .documentType)
            try container.encode(documentNumberMasked, forKey: .documentNumberMasked)
            try container.encode(method, forKey: .method)
            try container.encode(submittedAt, forKey: .submittedAt)
            try container.encode(frontAttachmentId, forKey: .frontAttachmentId)
            try container.encode(backAttachmentId, forKey: .backAttachmentId)
        }
    }

    struct ReviewPage: Encodable, Sendable {
        let items: [ReviewItem]
        let nextCursor: String?

        enum CodingKeys: String, CodingKey { case items, nextCursor }

        /// `nextCursor` is `null` on the last page, never left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items, forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
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
                id: $0.id.uuidString.lowercased(), accountId: $0.account.description, realName: $0.realName, documentType: $0.documentType,
                documentNumberMasked: DocumentNumber.masked($0.documentNumber), method: $0.method, submittedAt: $0.submittedAt,
                frontAttachmentId: $0.frontAttachment?.uuidString.lowercased(), backAttachmentId: $0.backAttachment?.uuidString.lowercased()
            )
        }
        let next = verifications.count > limit ? page.last.flatMap { last in last.submittedAt.map { ReviewCursor(submittedAt: $0, id: last.id).encoded } } : nil
        return ReviewPage(items: items, nextCursor: next)
    }

    func approve(_ id: UUID, origin: RequestOrigin) async throws {
        let now = clock.now()
        try await database.transaction { connection in
            let verification = try await pendingReview(id, reviewer: origin.actor, on: connection)
            if try await VerificationStore.isVerifiedElsewhere(verification.documentType, verification.documentNumber, notBy: verification.account, on: connection) {
                throw VerificationProblems.numberTaken
            }
            try await connection.execute(
                "UPDATE identity.verifications SET status = 'verified', reviewed_by = $2, reviewed_at = $3, updated_at = $3 WHERE id = $1",
                [id, origin.actor?.rawValue, now]
            )
            try await unshare(verification, on: connection)
            try await audit("verification.approve", id, from: .pendingReview, to: .verified, [:], origin, connection)
        }
    }

    func reject(_ id: UUID, reason input: String, origin: RequestOrigin) async throws {
        let reason: String
        switch Self.rejectReason.validate(input) {
        case .success(let cleaned): reason = cleaned
        case .failure(let problem): throw Problem.validation([problem])
        }
        let now = clock.now()
        try await database.transaction { connection in
            let verification = try await pendingReview(id, reviewer: origin.actor, on: connection)
            try await connection.execute(
                """
                UPDATE identity.verifications SET status = 'rejected', reject_reason = $2, reviewed_by = $3, reviewed_at = $4, updated_at = $4
                WHERE id = $1
                """,
                [id, reason, origin.actor?.rawValue, now]
            )
            try await unshare(verification, on: connection)
            try await audit("verification.reject", id, from: .pendingReview, to: .rejected, [:], origin, connection)
        }
    }

    /// The verification under review, locked. Nobody decides their own case, administrator or not.
    private func pendingReview(_ id: UUID, reviewer: AccountID?, on connection: Connection) async throws -> Verification {
        guard let verification = try await VerificationStore.find(id, on: connection) else { throw Problem.notFound }
        guard verification.account != reviewer else { throw Problem.ownCase }
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
        // Int64(exactly:) instead of Int64(_:), which traps on a value outside Int64.
        let micros = Int64(exactly: (submittedAt.timeIntervalSince1970 * 1_000_000).rounded()) ?? 0
        return Base64URL.encode(Array("\(micros)_\(id.uuidString.lowercased())".utf8))
    }

    init(submittedAt: Date, id: UUID) {
        self.submittedAt = submittedAt
        self.id = id
    }

    static let microsecondRange: ClosedRange<Int64> = 0...253_402_300_799_999_999

    init?(encoded: String) {
        guard encoded.utf8.count <= 128, let bytes = Base64URL.decode(encoded), let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "_")
        // Only positions the queue can produce: a time from 1970 to 9999 (a crafted one far outside would
        // otherwise overflow the conversion or the database's timestamp range) and a canonical UUID.
        guard parts.count == 2, let micros = Int64(parts[0]), Self.microsecondRange.contains(micros),
              parts[1].count == 36, let id = UUID(uuidString: String(parts[1]))
        else { return nil }
        self.init(submittedAt: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }
}
