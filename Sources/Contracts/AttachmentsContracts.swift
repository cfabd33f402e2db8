import Postgres

/// Offered by Attachments: lets other modules check an uploaded file before using it in their record,
/// link it to that record and let the record's reviewers read it. The methods that change something
/// take the caller's transaction, so the link commits (or not) together with the record.
public protocol AttachmentStore: Sendable {
    /// The attachment, if it exists and belongs to `owner`; nil otherwise (callers answer 404 or 422).
    func attachment(_ id: AttachmentID, ownedBy owner: AccountID) async throws -> AttachmentSummary?

    /// Those of `ids` that exist and belong to `owner`, in one query (any order).
    func attachments(_ ids: [AttachmentID], ownedBy owner: AccountID) async throws -> [AttachmentSummary]

    /// Records that the attachment is part of `entity`. Answers false when it does not exist or does not
    /// belong to `owner`.
    func link(_ id: AttachmentID, ownedBy owner: AccountID, to entity: EntityReference, on connection: Connection) async throws -> Bool

    /// The bytes of an attachment `owner` uploaded (small documents only: they are read into memory),
    /// or nil when there is no such attachment of theirs.
    func contents(_ id: AttachmentID, ownedBy owner: AccountID) async throws -> [UInt8]?

    /// Lets `reader` read the attachment (a reviewer of the record it is part of).
    func grantRead(_ id: AttachmentID, to reader: AttachmentReader, on connection: Connection) async throws

    /// Takes back what `grantRead` gave, once the record no longer needs that reader (withdrawn, decided).
    func revokeRead(_ id: AttachmentID, from reader: AttachmentReader, on connection: Connection) async throws

    /// Takes back from `unit`'s administrators every read of `owner`'s files: called when `owner`'s
    /// binding to `unit` ends, since the unit was given them as the owner's employer.
    func revokeUnitReads(ofFilesOwnedBy owner: AccountID, unit: InstitutionID, on connection: Connection) async throws
}

/// Offered by Attachments: stores a small file another module received whole (a file field of a console
/// form), with the same checks, limits and audit as `POST /api/v1/attachments`.
public protocol AttachmentUploader: Sendable {
    /// The new attachment's id; throws the upload's problems (type, size, daily limit).
    func upload(_ bytes: [UInt8], declaredType: AttachmentMediaType, purpose: AttachmentPurpose, owner: AccountID, origin: RequestOrigin) async throws -> AttachmentID
}

public struct AttachmentSummary: Sendable, Equatable {
    public let id: AttachmentID
    public let owner: AccountID
    public let purpose: AttachmentPurpose
    public let mediaType: AttachmentMediaType
    public let size: Int
    public let sha256: String

    public init(id: AttachmentID, owner: AccountID, purpose: AttachmentPurpose, mediaType: AttachmentMediaType, size: Int, sha256: String) {
        self.id = id
        self.owner = owner
        self.purpose = purpose
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
    }
}

/// A record in another module, e.g. `("verification", "<uuid>")`.
public struct EntityReference: Sendable, Equatable {
    public let type: String
    public let id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }
}

/// Who, besides the owner, may read an attachment.
public enum AttachmentReader: Sendable, Equatable {
    case account(AccountID)
    case platformAdmins
    case unitAdmins(InstitutionID)
}
