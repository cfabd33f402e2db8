import Contracts
import NIOCore

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
