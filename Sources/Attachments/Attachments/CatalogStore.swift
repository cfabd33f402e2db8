import Contracts
import Foundation
import Postgres

/// All SQL for `attachments.*` (the catalog of stored files; the bytes are `BlobStore`'s): static
/// functions taking a connection, no transactions opened here.
enum CatalogStore {
    /// Every blob some attachment references.
    static func referencedBlobs(on connection: Connection) async throws -> [String] {
        try await connection.query("SELECT DISTINCT sha256 FROM attachments.attachments").map { try $0.decode(String.self, "sha256") }
    }

    static func isReferenced(_ hex: String, on connection: Connection) async throws -> Bool {
        try await connection.query("SELECT 1 AS one FROM attachments.attachments WHERE sha256 = $1 LIMIT 1", [hex]).isEmpty == false
    }

    /// Uploads by `owner` since `since`.
    static func uploads(by owner: AccountID, since: Date, on connection: Connection) async throws -> Int {
        try await connection.query(
            "SELECT count(*) AS n FROM attachments.attachments WHERE owner_id = $1 AND created_at > $2::timestamptz",
            [owner.rawValue, since]
        )[0].decode(Int.self, "n")
    }

    static func insert(
        owner: AccountID, purpose: Purpose, sha256: String, size: Int, mediaType: MediaType, at now: Date, on connection: Connection
    ) async throws -> StoredAttachment {
        let row = try await connection.query(
            """
            INSERT INTO attachments.attachments (owner_id, purpose, sha256, size, media_type, created_at)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING
            """ + " " + StoredAttachment.columns,
            [owner.rawValue, purpose.rawValue, sha256, size, mediaType.rawValue, now]
        )[0]
        return try StoredAttachment(row: row)
    }

    /// The attachment if `caller` may read it: its owner, or a reader it was granted to (the account
    /// itself, any platform administrator, or the unit administrators of an institution).
    static func readable(_ id: AttachmentID, by caller: Caller, on connection: Connection) async throws -> StoredAttachment? {
        let institutions = caller.roles.compactMap { $0.institution?.rawValue }
        let rows = try await connection.query(
            "SELECT " + StoredAttachment.columns + """
             FROM attachments.attachments a
            WHERE a.id = $1 AND (
                a.owner_id = $2 OR EXISTS (
                    SELECT 1 FROM attachments.grants g WHERE g.attachment_id = a.id AND (
                        g.reader_account = $2
                        OR (g.reader_role = 'platform_admin' AND $3)
                        OR (g.reader_role = 'unit_admin' AND g.reader_institution = ANY($4::uuid[])))))
            """,
            [id.rawValue, caller.accountID.rawValue, caller.isPlatformAdmin, institutions]
        )
        return try rows.first.map(StoredAttachment.init(row:))
    }

    static func attachment(_ id: AttachmentID, ownedBy owner: AccountID, on connection: Connection) async throws -> StoredAttachment? {
        let rows = try await connection.query(
            "SELECT " + StoredAttachment.columns + " FROM attachments.attachments WHERE id = $1 AND owner_id = $2", [id.rawValue, owner.rawValue]
        )
        return try rows.first.map(StoredAttachment.init(row:))
    }

    static func attachments(_ ids: [AttachmentID], ownedBy owner: AccountID, on connection: Connection) async throws -> [StoredAttachment] {
        try await connection.query(
            "SELECT " + StoredAttachment.columns + " FROM attachments.attachments WHERE id = ANY($1::uuid[]) AND owner_id = $2",
            [ids.map(\.rawValue), owner.rawValue]
        ).map(StoredAttachment.init(row:))
    }

    /// Links the attachment to `entity` if `owner` owns it; true when it is (or already was) linked.
    static func link(_ id: AttachmentID, ownedBy owner: AccountID, to entity: EntityReference, on connection: Connection) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO attachments.links (attachment_id, entity_type, entity_id)
            SELECT id, $3, $4 FROM attachments.attachments WHERE id = $1 AND owner_id = $2
            ON CONFLICT DO NOTHING
            RETURNING attachment_id
            """,
            [id.rawValue, owner.rawValue, entity.type, entity.id]
        )
        if !rows.isEmpty { return true }
        // Already linked counts as linked; a foreign or unknown id does not.
        return try await connection.query(
            "SELECT 1 AS one FROM attachments.attachments WHERE id = $1 AND owner_id = $2", [id.rawValue, owner.rawValue]
        ).isEmpty == false
    }

    /// The columns of `attachments.grants` that name a reader.
    private static func columns(of reader: AttachmentReader) -> (account: UUID?, role: String?, institution: UUID?) {
        switch reader {
        case .account(let account): (account.rawValue, nil, nil)
        case .platformAdmins: (nil, Role.Kind.platformAdmin.rawValue, nil)
        case .unitAdmins(let institution): (nil, Role.Kind.unitAdmin.rawValue, institution.rawValue)
        }
    }

    static func revokeRead(_ id: AttachmentID, from reader: AttachmentReader, on connection: Connection) async throws {
        let (account, role, institution) = columns(of: reader)
        try await connection.execute(
            """
            DELETE FROM attachments.grants
            WHERE attachment_id = $1 AND reader_account IS NOT DISTINCT FROM $2
                AND reader_role IS NOT DISTINCT FROM $3 AND reader_institution IS NOT DISTINCT FROM $4
            """,
            [id.rawValue, account, role, institution]
        )
    }

    static func revokeUnitReads(ofFilesOwnedBy owner: AccountID, unit: InstitutionID, on connection: Connection) async throws {
        try await connection.execute(
            """
            DELETE FROM attachments.grants g USING attachments.attachments a
            WHERE g.attachment_id = a.id AND a.owner_id = $1 AND g.reader_role = 'unit_admin' AND g.reader_institution = $2
            """,
            [owner.rawValue, unit.rawValue]
        )
    }

    static func grantRead(_ id: AttachmentID, to reader: AttachmentReader, on connection: Connection) async throws {
        let (account, role, institution) = columns(of: reader)
        try await connection.execute(
            """
            INSERT INTO attachments.grants (attachment_id, reader_account, reader_role, reader_institution)
            VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
            """,
            [id.rawValue, account, role, institution]
        )
    }
}
