import Audit
import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Postgres
import Web

/// `POST /attachments?purpose=` (raw body) and `GET /attachments/{id}`.
struct AttachmentRoutes: Sendable {
    let uploads: UploadService
    let catalog: AttachmentCatalog
    let blobs: BlobStore
    let database: Database
    let logger: Logger

    func register(on routes: ModuleRoutes) {
        routes.authenticated.post("/attachments", use: upload)
        routes.authenticated.get("/attachments/:id", use: download)
    }

    struct Created: ResponseEncodable {
        let id: String
        let sha256: String
        let size: Int
        let mediaType: String
        let purpose: String
        let createdAt: Date
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Created> {
        let caller = try context.requireCaller()
        guard let purpose = request.uri.queryParameters["purpose"].flatMap({ Purpose(rawValue: String($0)) }) else {
            throw AttachmentProblems.unknownPurpose
        }
        guard let declared = MediaType.declared(request.headers[.contentType]) else { throw AttachmentProblems.unsupportedType }
        let upload = UploadService.Upload(
            owner: caller.accountID, purpose: purpose, declaredType: declared,
            declaredLength: request.headers[.contentLength].flatMap { Int($0) }
        )
        let record = try await uploads.store(upload, body: request.body, origin: context.origin) {
            await context.acceptBody(of: request)
        }
        let created = Created(
            id: record.id.description, sha256: record.sha256, size: record.size, mediaType: record.mediaType.rawValue,
            purpose: record.purpose.rawValue, createdAt: record.createdAt
        )
        return EditedResponse(status: .created, headers: [.location: "/api/v1/attachments/\(record.id)"], response: created)
    }

    /// The console shows the same files to the same readers, inline (images in the page, PDFs in a tab);
    /// the console's session cookie stands for the bearer token.
    func register(on console: ConsoleRoutes) {
        console.signedIn.get("/attachments/:id") { request, context in
            try await download(request, context: context, disposition: "inline")
        }
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await download(request, context: context, disposition: "attachment")
    }

    func download(_ request: Request, context: AppRequestContext, disposition: String) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        guard let record = try await catalog.readable(AttachmentID(id), by: caller) else { throw Problem.notFound }

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
            try await audit(record, caller: caller, context: context, status: 304)
            return Response(status: .notModified, headers: headers)
        }

        guard try await blobs.hasBlob(record.sha256) else {
            logger.error("attachment blob missing", metadata: ["attachment": "\(record.id)", "sha256": "\(record.sha256)"])
            throw AttachmentProblems.missingBlob
        }
        try await audit(record, caller: caller, context: context, status: 200)
        headers[.contentType] = record.mediaType.rawValue
        headers[.contentDisposition] = "\(disposition); filename=\"\(record.id).\(record.mediaType.fileExtension)\""
        let (blobs, hex) = (self.blobs, record.sha256)
        return Response(
            status: .ok, headers: headers,
            // The file is opened in here: Hummingbird calls this only once the head is written, and not at
            // all when the client is already gone, so a file opened before the response stayed open
            // (issue 24). A blob goes only once unreferenced for the grace period, so the check above holds.
            body: ResponseBody(contentLength: record.size) { writer in
                guard let reader = try await blobs.openBlob(hex) else { throw AttachmentProblems.missingBlob }
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

    private func audit(_ record: AttachmentCatalog.Record, caller: Caller, context: AppRequestContext, status: Int) async throws {
        try await database.withConnection { connection in
            try await connection.record(
                AuditEvent(
                    action: "attachment.read", entityType: "attachment", entityID: record.id.description,
                    details: ["owner": record.owner == caller.accountID ? "self" : "other", "status": String(status)]
                ),
                origin: context.origin
            )
        }
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
