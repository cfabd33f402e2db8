/// Offered by Attachments: lets other modules check an uploaded file before linking it to their record.
public protocol AttachmentStore: Sendable {
    /// The attachment, if it exists and belongs to `owner`; nil otherwise (callers answer 404 or 422).
    func attachment(_ id: AttachmentID, ownedBy owner: AccountID) async throws -> AttachmentSummary?
}

public struct AttachmentSummary: Sendable, Equatable {
    public let id: AttachmentID
    public let owner: AccountID
    public let purpose: String
    public let mediaType: String
    public let size: Int

    public init(id: AttachmentID, owner: AccountID, purpose: String, mediaType: String, size: Int) {
        self.id = id
        self.owner = owner
        self.purpose = purpose
        self.mediaType = mediaType
        self.size = size
    }
}
