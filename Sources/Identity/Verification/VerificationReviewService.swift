import Contracts
import Foundation
import Postgres
import Web

/// The platform administrators' review of manual verifications (人工审核): the queue, approval and
/// rejection. Nobody decides their own case.
struct VerificationReviewService: Sendable {
    let database: Database
    let attachments: any AttachmentStore
    let clock: any WallClock
    /// The candidate hears the decision in their inbox, written on the decision's transaction.
    let notifier: any Notifier

    func queue(_ request: PageRequest) async throws -> Page<VerificationReviewItem> {
        let rows = try await database.withConnection {
            try await VerificationStore.pendingReview(limit: request.limit + 1, after: request.cursor, on: $0)
        }
        return request.page(rows, item: VerificationReviewItem.init) { row in
            row.submittedAt.map { KeysetCursor(time: $0, id: row.id) }
        }
    }

    /// One verification waiting for review (404 for anything else), for its review page.
    func waiting(_ id: UUID) async throws -> Verification {
        guard let verification = try await database.withConnection({ try await VerificationStore.find(id, on: $0) }),
              verification.status == .pendingReview
        else { throw Problem.notFound }
        return verification
    }

    func approve(_ id: UUID, origin: RequestOrigin) async throws {
        let now = clock.now()
        try await database.transaction { connection in
            let verification = try await pendingReview(id, reviewer: origin.actor, on: connection)
            if try await VerificationStore.isVerifiedElsewhere(verification.documentType, verification.documentNumber, notBy: verification.account, on: connection) {
                throw VerificationProblems.numberTaken
            }
            try await VerificationStore.approve(id, by: origin.actor, at: now, on: connection)
            try await VerificationPhotos.unshare(verification, with: attachments, on: connection)
            try await VerificationEvents.record("verification.approve", id, from: .pendingReview, to: .verified, [:], origin, on: connection)
            try await notifier.notify(VerificationMessages.approved(verification), on: connection)
        }
    }

    func reject(_ id: UUID, reason input: String, origin: RequestOrigin) async throws {
        let reason = try VerificationRules.rejection(input)
        let now = clock.now()
        try await database.transaction { connection in
            let verification = try await pendingReview(id, reviewer: origin.actor, on: connection)
            try await VerificationStore.reject(id, reason: reason, by: origin.actor, at: now, on: connection)
            try await VerificationPhotos.unshare(verification, with: attachments, on: connection)
            try await VerificationEvents.record("verification.reject", id, from: .pendingReview, to: .rejected, [:], origin, on: connection)
            try await notifier.notify(VerificationMessages.rejected(verification, reason: reason), on: connection)
        }
    }

    /// The verification under review, locked. Nobody decides their own case, administrator or not.
    private func pendingReview(_ id: UUID, reviewer: AccountID?, on connection: Connection) async throws -> Verification {
        guard let verification = try await VerificationStore.find(id, on: connection) else { throw Problem.notFound }
        guard verification.account != reviewer else { throw Problem.ownCase }
        guard verification.status == .pendingReview else { throw VerificationProblems.notUnderReview }
        return verification
    }
}
