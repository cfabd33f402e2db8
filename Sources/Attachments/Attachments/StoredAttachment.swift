import Contracts
import Foundation
import Postgres

/// One row of `attachments.attachments`: who uploaded what, for which purpose, stored under which hash.
struct StoredAttachment: Sendable {
    let id: AttachmentID
    let owner: AccountID
    let purpose: AttachmentPurpose
    let sha256: String
    let size: Int
    let mediaType: AttachmentMediaType
    let createdAt: Date

    /// The columns `init(row:)` reads.
    static let columns: SQL = "id, owner_id, purpose, sha256, size, media_type, created_at"

    init(row: Row) throws {
        id = AttachmentID(try row.decode(UUID.self, "id"))
        owner = AccountID(try row.decode(UUID.self, "owner_id"))
        purpose = try row.decode(code: AttachmentPurpose.self, "purpose")
        sha256 = try row.decode(String.self, "sha256")
        size = try row.decode(Int.self, "size")
        mediaType = try row.decode(code: AttachmentMediaType.self, "media_type")
        createdAt = try row.decode(Date.self, "created_at")
    }

    var summary: AttachmentSummary {
        AttachmentSummary(id: id, owner: owner, purpose: purpose, mediaType: mediaType, size: size, sha256: sha256)
    }
}
