import Contracts
import Foundation
import Postgres

/// One row of `identity.addresses` (我的地址): a stored model, not a wire type.
struct Address: Sendable {
    let id: UUID
    let recipient: String
    let phone: String
    let region: String
    let detail: String
    let isDefault: Bool
    let createdAt: Date
    let updatedAt: Date

    static let columns: SQL = "id, recipient, phone, region, detail, is_default, created_at, updated_at"

    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        recipient = try row.decode(String.self, "recipient")
        phone = try row.decode(String.self, "phone")
        region = try row.decode(String.self, "region")
        detail = try row.decode(String.self, "detail")
        isDefault = try row.decode(Bool.self, "is_default")
        createdAt = try row.decode(Date.self, "created_at")
        updatedAt = try row.decode(Date.self, "updated_at")
    }
}

/// A checked address, ready to store.
struct AddressInput: Sendable {
    let recipient: String
    let phone: PhoneNumber
    let region: String
    let detail: String
    let isDefault: Bool
}
