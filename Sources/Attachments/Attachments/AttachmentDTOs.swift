import Foundation
import Hummingbird
import Web

/// What `POST /attachments` answers with.
struct AttachmentCreatedResponse: ResponseEncodable {
    let id: String
    let sha256: String
    let size: Int
    let mediaType: String
    let purpose: String
    let createdAt: Date

    init(_ attachment: StoredAttachment) {
        id = attachment.id.description
        sha256 = attachment.sha256
        size = attachment.size
        mediaType = attachment.mediaType.rawValue
        purpose = attachment.purpose.rawValue
        createdAt = attachment.createdAt
    }
}
