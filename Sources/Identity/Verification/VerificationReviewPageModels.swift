import Console
import Contracts
import Foundation
import Web

/// One verification waiting in the queue.
struct VerificationQueueRow: Encodable, Sendable {
    let href: String
    let name: String
    let documentType: String
    let number: String
    let method: String
    let submittedAt: String

    init(_ verification: Verification) {
        href = IdentityPaths.review.link(verification.id)
        name = verification.realName
        documentType = verification.documentType.label
        number = DocumentNumber.masked(verification.documentNumber)
        method = verification.method.rawValue
        submittedAt = verification.submittedAt.map(ConsoleFormat.minute) ?? ""
    }
}

/// The queue page: a `ConsoleList` of the verifications waiting.
struct VerificationQueuePageModel: Sendable {
    let list: ConsoleList<VerificationQueueRow>

    init(_ page: Page<VerificationReviewItem>) {
        list = ConsoleList(
            page, filters: QueryString(), link: { IdentityPaths.reviewQueue.link(query: $0) }, emptyText: "没有等待审核的实名认证。"
        ) { VerificationQueueRow($0.verification) }
    }
}

/// One verification under review: the document photos beside what the candidate entered.
struct VerificationReviewPageModel: Encodable, Sendable {
    struct Photo: Encodable, Sendable {
        let label: String
        let href: String
    }

    let name: String
    let documentType: String
    /// The reviewer compares the whole number with the photo; only platform administrators see it.
    let number: String
    let submittedAt: String
    let photos: [Photo]
    let queue = IdentityPaths.reviewQueue.link()
    let approveAction: String
    let rejectAction: String
    let csrf: String
    let error: String?

    init(_ verification: Verification, csrf: String, error: String?) {
        name = verification.realName
        documentType = verification.documentType.label
        number = verification.documentNumber
        submittedAt = verification.submittedAt.map(ConsoleFormat.minute) ?? ""
        var photos: [Photo] = []
        if let front = verification.frontAttachment { photos.append(Photo(label: "证件正面（人像面）", href: ConsolePaths.attachment.link(front))) }
        if let back = verification.backAttachment { photos.append(Photo(label: "证件反面", href: ConsolePaths.attachment.link(back))) }
        self.photos = photos
        approveAction = IdentityPaths.reviewApprove.link(verification.id)
        rejectAction = IdentityPaths.reviewReject.link(verification.id)
        self.csrf = csrf
        self.error = error
    }
}
