import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Web

/// `POST /attachments?purpose=` (raw body) and `GET /attachments/{id}`.
struct AttachmentRoutes: Sendable {
    let uploads: UploadService
    let attachments: AttachmentService
    let blobs: BlobStore
    let logger: Logger

    func register(on routes: ModuleRoutes) {
        routes.authenticated.post(AttachmentsPaths.uploads.route, use: upload)
        routes.authenticated.get(AttachmentsPaths.attachment.route, use: download)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<AttachmentCreatedResponse> {
        let caller = try context.requireCaller()
        guard let purpose = request.uri.queryParameters["purpose"].flatMap({ Purpose(rawValue: String($0)) }) else {
            throw AttachmentsProblems.unknownPurpose
        }
        guard let declared = MediaType.declared(request.headers[.contentType]) else { throw AttachmentsProblems.unsupportedType }
        let upload = UploadService.Upload(
            owner: caller.accountID, purpose: purpose, declaredType: declared,
            declaredLength: request.headers[.contentLength].flatMap { Int($0) }
        )
        let record = try await uploads.store(upload, body: request.body, origin: context.origin) {
            await context.acceptBody(of: request)
        }
        return EditedResponse(
            status: .created, headers: [.location: AttachmentsPaths.attachment.link(record.id)], response: AttachmentCreatedResponse(record)
        )
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await download(AttachmentID(try context.uuidParameter("id")), request: request, context: context, disposition: "attachment")
    }

    /// The file `id` to a reader, as a download (`attachment`) or shown in place (`inline`).
    func download(_ id: AttachmentID, request: Request, context: AppRequestContext, disposition: String) async throws -> Response {
        let caller = try context.requireCaller()
        guard let record = try await attachments.readable(id, by: caller) else { throw Problem.notFound }

        let etag = "\"\(record.sha256)\""
        var headers: HTTPFields = [
            .eTag: etag,
            .cacheControl: "private",
            .xContentTypeOptions: "nosniff",
        ]
        let notModified = request.headers[values: .ifNoneMatch]
            .flatMap { $0.split(separator: ",") }
            .contains { let tag = $0.trimmingCharacters(in: .whitespaces); return tag == etag || tag == "*" || tag == "W/\(etag)" }
        if notModified {
            try await attachments.recordRead(record, by: caller, status: 304, origin: context.origin)
            return Response(status: .notModified, headers: headers)
        }

        guard try await blobs.hasBlob(record.sha256) else {
            logger.error("attachment blob missing", metadata: ["attachment": "\(record.id)", "sha256": "\(record.sha256)"])
            throw AttachmentsProblems.missingBlob
        }
        try await attachments.recordRead(record, by: caller, status: 200, origin: context.origin)
        headers[.contentType] = record.mediaType.rawValue
        headers[.contentDisposition] = "\(disposition); filename=\"\(record.id).\(record.mediaType.fileExtension)\""
        let (blobs, hex) = (self.blobs, record.sha256)
        return Response(
            status: .ok, headers: headers,
            // The file is opened in here: Hummingbird calls this only once the head is written, and not at
            // all when the client is already gone, so a file opened before the response stayed open
            // (issue 24). A blob goes only once unreferenced for the grace period, so the check above holds.
            body: ResponseBody(contentLength: record.size) { writer in
                guard let reader = try await blobs.openBlob(hex) else { throw AttachmentsProblems.missingBlob }
                defer { reader.closeFile() }
                while true {
                    let chunk = try await reader.next()
                    if chunk.isEmpty { break }
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            }
        )
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
