import Contracts
import Foundation
import NIOCore
import Postgres

/// `AttachmentStore`, what other modules know of attachments: through `CatalogStore` for the rows and
/// `BlobStore` for the bytes; the statements that take a connection join the caller's transaction.
public struct AttachmentsDirectory: AttachmentStore {
    let database: Database
    let blobs: BlobStore

    init(database: Database, blobs: BlobStore) {
        self.database = database
        self.blobs = blobs
    }

    public func attachment(_ id: AttachmentID, ownedBy owner: AccountID) async throws -> AttachmentSummary? {
        try await database.withConnection { try await CatalogStore.attachment(id, ownedBy: owner, on: $0) }?.summary
    }

    public func attachments(_ ids: [AttachmentID], ownedBy owner: AccountID) async throws -> [AttachmentSummary] {
        guard !ids.isEmpty else { return [] }
        return try await database.withConnection { try await CatalogStore.attachments(ids, ownedBy: owner, on: $0) }.map(\.summary)
    }

    public func link(_ id: AttachmentID, ownedBy owner: AccountID, to entity: EntityReference, on connection: Connection) async throws -> Bool {
        try await CatalogStore.link(id, ownedBy: owner, to: entity, on: connection)
    }

    public func contents(_ id: AttachmentID, ownedBy owner: AccountID) async throws -> [UInt8]? {
        guard let summary = try await attachment(id, ownedBy: owner), let reader = try await blobs.openBlob(summary.sha256) else { return nil }
        defer { reader.closeFile() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(summary.size)
        while true {
            let chunk = try await reader.next()
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return bytes
    }

    public func revokeRead(_ id: AttachmentID, from reader: AttachmentReader, on connection: Connection) async throws {
        try await CatalogStore.revokeRead(id, from: reader, on: connection)
    }

    public func revokeUnitReads(ofFilesOwnedBy owner: AccountID, unit: InstitutionID, on connection: Connection) async throws {
        try await CatalogStore.revokeUnitReads(ofFilesOwnedBy: owner, unit: unit, on: connection)
    }

    public func grantRead(_ id: AttachmentID, to reader: AttachmentReader, on connection: Connection) async throws {
        try await CatalogStore.grantRead(id, to: reader, on: connection)
    }
}

/// `AttachmentUploader`: a file already in memory goes through `UploadService` like a streamed upload.
struct WholeFileUploader: AttachmentUploader {
    let uploads: UploadService

    func upload(_ bytes: [UInt8], declaredType: AttachmentMediaType, purpose: AttachmentPurpose, owner: AccountID, origin: RequestOrigin) async throws -> AttachmentID {
        let (body, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        continuation.yield(ByteBuffer(bytes: bytes))
        continuation.finish()
        let upload = UploadService.Upload(owner: owner, purpose: purpose, declaredType: declaredType, declaredLength: bytes.count)
        return try await uploads.store(upload, body: body, origin: origin).id
    }
}
