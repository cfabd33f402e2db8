import Contracts
import Foundation
import Hummingbird
import Web

// The only verification types that reach HTTP. Stored models (`Verification`) never do.

struct VerificationStartRequest: Decodable, Sendable {
    let realName: String
    let documentType: String
    let documentNumber: String
    let method: String
}

struct VerificationScanRequest: Decodable, Sendable {
    let frontAttachmentId: String
    let backAttachmentId: String
}

struct VerificationRejectRequest: Decodable, Sendable {
    let reason: String
}

/// `GET /me/verification` and the answers of the steps: the owner sees the full number.
struct VerificationStatusResponse: ResponseEncodable, Sendable {
    let status: VerificationStatus
    let method: VerificationMethod?
    let realName: String?
    let documentType: DocumentType?
    let documentNumber: String?
    let documentNumberMasked: String?
    let attemptsLeft: Int
    let suggestManual: Bool
    let rejectReason: String?

    init(_ state: VerificationState) {
        status = state.status
        method = state.current?.method
        realName = state.current?.realName
        documentType = state.current?.documentType
        documentNumber = state.current?.documentNumber
        documentNumberMasked = state.current.map { DocumentNumber.masked($0.documentNumber) }
        attemptsLeft = state.attemptsLeft
        suggestManual = state.suggestManual
        rejectReason = state.rejectReason
    }
}

/// One verification in the review queue. Identifiers travel as lower-case UUID text; every member is
/// present, `null` included.
struct VerificationReviewItem: Encodable, Sendable {
    let verification: Verification

    enum CodingKeys: String, CodingKey {
        case id, accountId, realName, documentType, documentNumberMasked, method, submittedAt, frontAttachmentId, backAttachmentId
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(verification.id.uuidString.lowercased(), forKey: .id)
        try container.encode(verification.account.description, forKey: .accountId)
        try container.encode(verification.realName, forKey: .realName)
        try container.encode(verification.documentType, forKey: .documentType)
        try container.encode(DocumentNumber.masked(verification.documentNumber), forKey: .documentNumberMasked)
        try container.encode(verification.method, forKey: .method)
        try container.encode(verification.submittedAt, forKey: .submittedAt)
        try container.encode(verification.frontAttachment?.description, forKey: .frontAttachmentId)
        try container.encode(verification.backAttachment?.description, forKey: .backAttachmentId)
    }
}
