import Audit
import Contracts
import Foundation
import Postgres
import Web

/// 实名认证 for candidates, in three steps (信息填写 → 证件扫描 → 认证成功), and withdrawal. Owns the
/// transactions, locks and audit events; the SQL is in `VerificationStore`.
struct VerificationService: Sendable {
    let database: Database
    let attachments: any AttachmentStore
    let verifier: any IDVerifier
    let clock: any WallClock
    let settings: IdentitySettings

    // MARK: Step 1: information

    func start(_ account: AccountID, _ input: VerificationStartRequest, origin: RequestOrigin) async throws {
        let now = clock.now()
        let (name, type, number, method) = try VerificationRules.validate(input, today: now)
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
            if counts.numberTries >= settings.verificationTriesPerNumber { throw VerificationProblems.numberTriedTooOften }
            if counts.takenAnswers >= settings.verificationMaximumFailures { throw VerificationProblems.tooManyTakenNumbers }
            if try await VerificationStore.isVerifiedElsewhere(type, number, notBy: account, on: connection) {
                try await VerificationStore.recordAttempt(by: account, number: number, outcome: .numberTaken, at: now, on: connection)
                return .refused(VerificationProblems.numberTaken)
            }
            if method == .auto, counts.scanFailures >= settings.verificationMaximumFailures {
                throw VerificationProblems.tooManyFailures
            }
            let details = ["method": method.rawValue, "document_type": type.rawValue]
            if let current, current.status == .pendingScan {
                try await VerificationStore.replaceInformation(current.id, method: method, name: name, type: type, number: number, at: now, on: connection)
                try await VerificationEvents.record("verification.update", current.id, from: .pendingScan, to: .pendingScan, details, origin, on: connection)
            } else {
                let id = try await VerificationStore.insert(account: account, method: method, name: name, type: type, number: number, at: now, on: connection)
                try await VerificationEvents.record("verification.start", id, from: current?.status ?? .unverified, to: .pendingScan, details, origin, on: connection)
            }
            return .done(())
        }
        try committed.get()
    }

    private func counts(_ account: AccountID, _ number: String, now: Date, on connection: Connection) async throws -> VerificationStore.AttemptCounts {
        try await VerificationStore.counts(
            account: account, number: number, failuresSince: now.addingTimeInterval(-settings.verificationFailureWindow),
            triesSince: now.addingTimeInterval(-settings.verificationNumberWindow), on: connection
        )
    }

    // MARK: Step 2: scan

    func scan(_ account: AccountID, _ input: VerificationScanRequest, origin: RequestOrigin) async throws {
        let (front, back) = try await checkAttachments(input, of: account)
        let current = try await database.withConnection { try await VerificationStore.current(of: account, lock: false, on: $0) }
        guard let current, current.status == .pendingScan else { throw VerificationProblems.notAwaitingScan }
        switch current.method {
        case .manual: try await submitForReview(current, front: front, back: back, origin: origin)
        case .auto: try await verifyAutomatically(current, front: front, back: back, origin: origin)
        }
    }

    /// Both photos must be the caller's own uploads of the identity-document purposes.
    private func checkAttachments(_ input: VerificationScanRequest, of account: AccountID) async throws -> (AttachmentID, AttachmentID) {
        var problems: [FieldProblem] = []
        func check(_ text: String, _ field: String, purpose: AttachmentPurpose) async throws -> AttachmentID? {
            guard let uuid = UUID(uuidString: text),
                  let summary = try await attachments.attachment(AttachmentID(uuid), ownedBy: account)
            else {
                problems.append(VerificationProblems.photoNotFound(field))
                return nil
            }
            guard summary.purpose == purpose, summary.mediaType != .pdf else {
                problems.append(VerificationProblems.wrongPhoto(field, front: purpose == .idDocumentFront))
                return nil
            }
            return summary.id
        }
        let front = try await check(input.frontAttachmentId, "frontAttachmentId", purpose: .idDocumentFront)
        let back = try await check(input.backAttachmentId, "backAttachmentId", purpose: .idDocumentBack)
        guard problems.isEmpty, let front, let back else { throw Problem.validation(problems) }
        return (front, back)
    }

    private func submitForReview(_ current: Verification, front: AttachmentID, back: AttachmentID, origin: RequestOrigin) async throws {
        let now = clock.now()
        try await database.transaction { connection in
            guard let locked = try await VerificationStore.current(of: current.account, lock: true, on: connection),
                  locked.id == current.id, locked.status == .pendingScan
            else { throw VerificationProblems.notAwaitingScan }
            try await VerificationPhotos.share(front, back, of: current, with: attachments, on: connection)
            try await VerificationStore.submitForReview(current.id, front: front, back: back, at: now, on: connection)
            try await VerificationEvents.record("verification.submit", current.id, from: .pendingScan, to: .pendingReview, [:], origin, on: connection)
        }
    }

    private func verifyAutomatically(_ current: Verification, front: AttachmentID, back: AttachmentID, origin: RequestOrigin) async throws {
        let now = clock.now()
        // Check the limits and reserve the attempt under the limit locks, so concurrent scans count each
        // other: the limit admits exactly as many FaceID calls as it allows, never one more.
        let reservation = try await database.transaction { connection in
            try await VerificationStore.lockLimits(account: current.account, number: current.documentNumber, on: connection)
            let counts = try await counts(current.account, current.documentNumber, now: now, on: connection)
            guard counts.scanFailures < settings.verificationMaximumFailures else { throw VerificationProblems.tooManyFailures }
            guard counts.numberTries < settings.verificationTriesPerNumber else { throw VerificationProblems.numberTriedTooOften }
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

        let committed: Committed<Void> = try await database.transaction { connection in
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
                try await VerificationPhotos.link(front, back, of: current, with: attachments, on: connection)
                try await VerificationStore.markVerified(current.id, front: front, back: back, at: now, on: connection)
                try await VerificationEvents.record("verification.verify", current.id, from: .pendingScan, to: .verified, ["method": "auto"], origin, on: connection)
                return .done(())
            case .mismatch(let reason):
                let failures = try await counts(current.account, current.documentNumber, now: now, on: connection).scanFailures
                let attemptsLeft = max(0, settings.verificationMaximumFailures - failures)
                try await VerificationEvents.record(
                    "verification.scan_failed", current.id, from: .pendingScan, to: .pendingScan,
                    ["attempts_left": String(attemptsLeft)], origin, on: connection
                )
                return .refused(VerificationProblems.mismatch(reason: reason, attemptsLeft: attemptsLeft))
            }
        }
        try committed.get()
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
                try await VerificationPhotos.unshare(current, with: attachments, on: connection)
                try await VerificationEvents.record("verification.withdraw", current.id, from: current.status, to: .withdrawn, [:], origin, on: connection)
            case .verified: throw VerificationProblems.verifiedCannotWithdraw
            default: throw VerificationProblems.nothingToWithdraw
            }
        }
    }

    // MARK: State

    func state(of account: AccountID) async throws -> VerificationState {
        let since = clock.now().addingTimeInterval(-settings.verificationFailureWindow)
        let (current, failures) = try await database.withConnection { try await VerificationStore.latest(of: account, failuresSince: since, on: $0) }
        return VerificationState(current: current, attemptsLeft: max(0, settings.verificationMaximumFailures - failures))
    }
}

/// The photos of a verification: linked to it for the record, readable by reviewers only while it is
/// under review (docs/adr/0006).
enum VerificationPhotos {
    static func link(_ front: AttachmentID, _ back: AttachmentID, of verification: Verification, with attachments: any AttachmentStore, on connection: Connection) async throws {
        for id in [front, back] {
            guard try await attachments.link(id, ownedBy: verification.account, to: verification.entity, on: connection) else {
                throw VerificationProblems.photoUnavailable
            }
        }
    }

    static func share(_ front: AttachmentID, _ back: AttachmentID, of verification: Verification, with attachments: any AttachmentStore, on connection: Connection) async throws {
        try await link(front, back, of: verification, with: attachments, on: connection)
        for id in [front, back] {
            try await attachments.grantRead(id, to: .platformAdmins, on: connection)
        }
    }

    /// Review is over (withdrawn or decided): the reviewers' access ends with it. The link stays.
    static func unshare(_ verification: Verification, with attachments: any AttachmentStore, on connection: Connection) async throws {
        for id in [verification.frontAttachment, verification.backAttachment].compactMap({ $0 }) {
            try await attachments.revokeRead(id, from: .platformAdmins, on: connection)
        }
    }
}

/// Audit events of verifications, with the verification's id typed.
enum VerificationEvents {
    static func record(
        _ action: String, _ id: UUID, from: VerificationStatus, to: VerificationStatus, _ details: [String: String],
        _ origin: RequestOrigin, on connection: Connection
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
