import Contracts
import Foundation
import Postgres

/// All SQL for `identity.addresses`. Callers hold the account's row lock (`AccountStore.lock`), so the
/// count and the single default stay right.
enum AddressStore {
    static func list(of account: AccountID, on connection: Connection) async throws -> [Address] {
        try await connection.query(
            "SELECT " + Address.columns + " FROM identity.addresses WHERE account_id = $1 ORDER BY is_default DESC, created_at",
            [account.rawValue]
        ).map(Address.init(row:))
    }

    static func count(of account: AccountID, on connection: Connection) async throws -> Int {
        try await connection.query("SELECT count(*) AS n FROM identity.addresses WHERE account_id = $1", [account.rawValue])[0]
            .decode(Int.self, "n")
    }

    static func insert(_ input: AddressInput, of account: AccountID, isDefault: Bool, at now: Date, on connection: Connection) async throws -> Address {
        try Address(row: try await connection.query(
            """
            INSERT INTO identity.addresses (account_id, recipient, phone, region, detail, is_default, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
            RETURNING
            """ + " " + Address.columns,
            [account.rawValue, input.recipient, input.phone.digits, input.region, input.detail, isDefault, now]
        )[0])
    }

    /// The updated address, or nil when `id` is not one of the account's.
    static func update(_ id: UUID, of account: AccountID, with input: AddressInput, at now: Date, on connection: Connection) async throws -> Address? {
        try await connection.query(
            """
            UPDATE identity.addresses
            SET recipient = $3, phone = $4, region = $5, detail = $6, is_default = (is_default OR $7), updated_at = $8
            WHERE id = $1 AND account_id = $2
            RETURNING
            """ + " " + Address.columns,
            [id, account.rawValue, input.recipient, input.phone.digits, input.region, input.detail, input.isDefault, now]
        ).first.map(Address.init(row:))
    }

    /// Whether the deleted address was the default; nil when `id` is not one of the account's.
    static func delete(_ id: UUID, of account: AccountID, on connection: Connection) async throws -> Bool? {
        try await connection.query(
            "DELETE FROM identity.addresses WHERE id = $1 AND account_id = $2 RETURNING is_default", [id, account.rawValue]
        ).first?.decode(Bool.self, "is_default")
    }

    /// The oldest remaining address becomes the default.
    static func promoteOldest(of account: AccountID, on connection: Connection) async throws {
        try await connection.execute(
            """
            UPDATE identity.addresses SET is_default = true
            WHERE id = (SELECT id FROM identity.addresses WHERE account_id = $1 ORDER BY created_at LIMIT 1)
            """,
            [account.rawValue]
        )
    }

    static func clearDefault(of account: AccountID, except id: UUID? = nil, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE identity.addresses SET is_default = false WHERE account_id = $1 AND is_default AND id IS DISTINCT FROM $2",
            [account.rawValue, id]
        )
    }
}
