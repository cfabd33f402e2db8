import Audit
import Contracts
import Foundation
import Postgres

/// Reading an attachment: who may, and the audit row each read leaves.
struct AttachmentService: Sendable {
    let database: Database

    /// The attachment if `caller` may read it (its owner or a granted reader), else nil.
    func readable(_ id: AttachmentID, by caller: Caller) async throws -> StoredAttachment? {
        try await database.withConnection { try await CatalogStore.readable(id, by: caller, on: $0) }
    }

    /// `attachment.read`, with whether the reader is the owner and the HTTP status answered.
    func recordRead(_ attachment: StoredAttachment, by caller: Caller, status: Int, origin: RequestOrigin) async throws {
        try await database.withConnection { connection in
            try await connection.record(
                AuditEvent(
                    action: "attachment.read", entityType: "attachment", entityID: attachment.id.description,
                    details: ["owner": attachment.owner == caller.accountID ? "self" : "other", "status": String(status)]
                ),
                origin: origin
            )
        }
    }
}
