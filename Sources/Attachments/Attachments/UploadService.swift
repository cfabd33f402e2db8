import Audit
import Contracts
import CoreMetrics
import Foundation
import Logging
import NIOCore
import Postgres
import Web

/// Takes an upload from the request body to a stored, recorded attachment. The body streams through a
/// hash into a temporary file, so memory stays flat whatever the size; the limit and the file type are
/// enforced while reading, and any failure (a refused type, an oversized or interrupted body) removes
/// the partial file. Only a complete, accepted upload gets a row.
struct UploadService: Sendable {
    let database: Database
    let blobs: BlobStore
    let clock: any WallClock
    let settings: AttachmentSettings
    let metrics: any MetricsFactory
    let logger: Logger

    struct Upload: Sendable {
        let owner: AccountID
        let purpose: Purpose
        let declaredType: MediaType
        let declaredLength: Int?
    }

    /// `accepted` runs once the upload is allowed and before the body is read (it sends `100 Continue`).
    /// A full disk, wherever the upload meets it, is 507 `storage_full`, one warning line and a count
    /// an operator can alert on; the partial file is gone as for any other failure.
    func store(
        _ upload: Upload, body: some AsyncSequence<ByteBuffer, any Error>, origin: RequestOrigin,
        accepted: @Sendable () async -> Void = {}
    ) async throws -> StoredAttachment {
        do {
            return try await write(upload, body: body, origin: origin, accepted: accepted)
        } catch let error as BlobStoreError where error.isStorageFull {
            logger.warning("attachments storage full: upload refused", metadata: ["purpose": "\(upload.purpose.rawValue)", "error": "\(error)"])
            Counter(label: "health_talent_storage_full_total", factory: metrics).increment()
            throw AttachmentsProblems.storageFull
        }
    }

    private func write(
        _ upload: Upload, body: some AsyncSequence<ByteBuffer, any Error>, origin: RequestOrigin, accepted: @Sendable () async -> Void
    ) async throws -> StoredAttachment {
        let limit = upload.purpose.maximumBytes
        if let declared = upload.declaredLength, declared > limit { throw AttachmentsProblems.tooLarge(limit: limit) }
        try await checkDailyLimit(upload.owner)
        await accepted()

        let temporary = try await blobs.createTemporary()
        let hex: String
        do {
            hex = try await receive(body, into: temporary, limit: limit, declaredType: upload.declaredType)
        } catch {
            await temporary.discard()
            throw error
        }

        let now = clock.now()
        do {
            let stored = try await database.transaction { connection in
                // The shared blob lock keeps garbage collection from removing this content until the row
                // that references it has committed; the owner lock makes the daily count exact.
                try await BlobStore.lock(hex, forRemoval: false, on: connection)
                try await connection.advisoryLock("upload:\(upload.owner)")
                try await checkDailyLimit(upload.owner, at: now, on: connection)
                let record = try await CatalogStore.insert(
                    owner: upload.owner, purpose: upload.purpose, sha256: hex, size: temporary.size,
                    mediaType: upload.declaredType, at: now, on: connection
                )
                try await connection.record(
                    AuditEvent(
                        action: "attachment.upload", entityType: "attachment", entityID: record.id.description,
                        details: ["purpose": upload.purpose.rawValue, "size": String(record.size), "media_type": record.mediaType.rawValue]
                    ),
                    origin: origin
                )
                try await blobs.place(temporary, as: hex)
                return record
            }
            Counter(label: "health_talent_upload_bytes_total", dimensions: [("purpose", upload.purpose.rawValue)], factory: metrics)
                .increment(by: stored.size)
            return stored
        } catch {
            await temporary.discard()
            throw error
        }
    }

    /// Network reads arrive in small pieces; they are gathered into blocks of this size, so hashing and
    /// writing cost one thread hop and one `write` per block rather than per piece.
    static let blockSize = 256 * 1024

    /// Streams the body into the temporary file; answers the content's SHA-256.
    private func receive(
        _ body: some AsyncSequence<ByteBuffer, any Error>, into temporary: TemporaryBlob, limit: Int, declaredType: MediaType
    ) async throws -> String {
        var received = 0
        var head: [UInt8] = []
        var checked = false
        var block = ByteBuffer()
        block.reserveCapacity(Self.blockSize)
        for try await buffer in body {
            received += buffer.readableBytes
            guard received <= limit else { throw AttachmentsProblems.tooLarge(limit: limit) }
            if !checked {
                head += buffer.readableBytesView.prefix(MediaType.sniffLength - head.count)
                if head.count >= MediaType.sniffLength {
                    try Self.check(head, declared: declaredType)
                    checked = true
                }
            }
            var buffer = buffer
            block.writeBuffer(&buffer)
            if block.readableBytes >= Self.blockSize {
                try await temporary.append(block)
                block.clear()
            }
        }
        guard received > 0 else { throw AttachmentsProblems.empty }
        if !checked { try Self.check(head, declared: declaredType) }
        if block.readableBytes > 0 { try await temporary.append(block) }
        return try await temporary.finish()
    }

    static func check(_ head: [UInt8], declared: MediaType) throws(Problem) {
        guard let actual = MediaType.sniff(head) else { throw AttachmentsProblems.unsupportedType }
        guard actual == declared else { throw AttachmentsProblems.typeMismatch }
    }

    private func checkDailyLimit(_ owner: AccountID) async throws {
        try await database.withConnection { try await checkDailyLimit(owner, at: clock.now(), on: $0) }
    }

    private func checkDailyLimit(_ owner: AccountID, at now: Date, on connection: Connection) async throws {
        let recent = try await CatalogStore.uploads(by: owner, since: now.addingTimeInterval(-settings.uploadWindow), on: connection)
        guard recent < settings.dailyUploadsPerAccount else { throw AttachmentsProblems.dailyLimit }
    }
}
