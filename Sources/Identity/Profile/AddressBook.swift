import Audit
import Contracts
import Foundation
import Postgres
import Web

/// 我的地址: where certificates and documents are posted. At most one default per account; the first
/// address becomes the default. Another account's address answers 404.
struct AddressBook: Sendable {
    let database: Database
    let settings: IdentitySettings

    struct Input: StrictBody, Sendable {
        static let fields: Set<String> = ["recipient", "phone", "region", "detail", "isDefault"]
        let recipient: String
        let phone: String
        let region: String
        let detail: String
        /// May be left out (false); `null` is refused.
        let isDefault: Bool?

        enum CodingKeys: String, CodingKey { case recipient, phone, region, detail, isDefault }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            recipient = try container.decode(String.self, forKey: .recipient)
            phone = try container.decode(String.self, forKey: .phone)
            region = try container.decode(String.self, forKey: .region)
            detail = try container.decode(String.self, forKey: .detail)
            isDefault = try container.decodeIfPresentNotNull(Bool.self, forKey: .isDefault)
        }
    }

    struct Address: Encodable, Sendable {
        let id: UUID
        let recipient: String
        let phone: String
        let region: String
        let detail: String
        let isDefault: Bool
        let createdAt: Date
        let updatedAt: Date
    }

    struct Validated: Sendable {
        let recipient: String
        let phone: PhoneNumber
        let region: String
        let detail: String
        let isDefault: Bool
    }

    static func validate(_ input: Input) throws(Problem) -> Validated {
        var problems: [FieldProblem] = []
        func text(_ value: String, _ field: String, _ label: String, maximum: Int) -> String {
            switch TextInput(field: field, label: label, maximumScalars: maximum).validate(value) {
            case .success(let cleaned): return cleaned
            case .failure(let problem): problems.append(problem); return ""
            }
        }
        let recipient = text(input.recipient, "recipient", "收件人", maximum: 50)
        let region = text(input.region, "region", "所在地区", maximum: 100)
        let detail = text(input.detail, "detail", "详细地址", maximum: 200)
        let phone = PhoneNumber(input.phone)
        if phone == nil {
            problems.append(IdentityProblems.invalidPhoneField())
        }
        guard problems.isEmpty, let phone else { throw Problem.validation(problems) }
        return Validated(recipient: recipient, phone: phone, region: region, detail: detail, isDefault: input.isDefault ?? false)
    }

    func list(_ account: AccountID) async throws -> [Address] {
        try await database.query(
            """
            SELECT id, recipient, phone, region, detail, is_default, created_at, updated_at
            FROM identity.addresses WHERE account_id = $1 ORDER BY is_default DESC, created_at
            """,
            [account.rawValue]
        ).map(Self.address)
    }

    func create(_ account: AccountID, _ input: Validated, origin: RequestOrigin) async throws -> Address {
        try await database.transaction { connection in
            // Serialises one account's address changes, so the count and the default stay right.
            _ = try await connection.query("SELECT id FROM identity.accounts WHERE id = $1 FOR UPDATE", [account.rawValue])
            let count = try await connection.query(
                "SELECT count(*) AS n FROM identity.addresses WHERE account_id = $1", [account.rawValue]
            )[0].decode(Int.self, "n")
            guard count < settings.maximumAddresses else { throw IdentityProblems.tooManyAddresses }
            let makeDefault = input.isDefault || count == 0
            if makeDefault { try await clearDefault(account, on: connection) }
            let row = try await connection.query(
                """
                INSERT INTO identity.addresses (account_id, recipient, phone, region, detail, is_default)
                VALUES ($1, $2, $3, $4, $5, $6)
                RETURNING id, recipient, phone, region, detail, is_default, created_at, updated_at
                """,
                [account.rawValue, input.recipient, input.phone.digits, input.region, input.detail, makeDefault]
            )[0]
            let address = try Self.address(row)
            try await audit("account.address.create", address.id, account, origin, on: connection)
            return address
        }
    }

    func update(_ account: AccountID, _ id: UUID, _ input: Validated, origin: RequestOrigin) async throws -> Address {
        try await database.transaction { connection in
            _ = try await connection.query("SELECT id FROM identity.accounts WHERE id = $1 FOR UPDATE", [account.rawValue])
            if input.isDefault { try await clearDefault(account, on: connection, except: id) }
            let rows = try await connection.query(
                """
                UPDATE identity.addresses
                SET recipient = $3, phone = $4, region = $5, detail = $6,
                    is_default = (is_default OR $7), updated_at = now()
                WHERE id = $1 AND account_id = $2
                RETURNING id, recipient, phone, region, detail, is_default, created_at, updated_at
                """,
                [id, account.rawValue, input.recipient, input.phone.digits, input.region, input.detail, input.isDefault]
            )
            guard let row = rows.first else { throw Problem.notFound }
            let address = try Self.address(row)
            try await audit("account.address.update", id, account, origin, on: connection)
            return address
        }
    }

    func delete(_ account: AccountID, _ id: UUID, origin: RequestOrigin) async throws {
        try await database.transaction { connection in
            _ = try await connection.query("SELECT id FROM identity.accounts WHERE id = $1 FOR UPDATE", [account.rawValue])
            let rows = try await connection.query(
                "DELETE FROM identity.addresses WHERE id = $1 AND account_id = $2 RETURNING is_default", [id, account.rawValue]
            )
            guard let row = rows.first else { throw Problem.notFound }
            if try row.decode(Bool.self, "is_default") {
                // The oldest remaining address takes over as default.
                try await connection.execute(
                    """
                    UPDATE identity.addresses SET is_default = true
                    WHERE id = (SELECT id FROM identity.addresses WHERE account_id = $1 ORDER BY created_at LIMIT 1)
                    """,
                    [account.rawValue]
                )
            }
            try await audit("account.address.delete", id, account, origin, on: connection)
        }
    }

    private func clearDefault(_ account: AccountID, on connection: Connection, except id: UUID? = nil) async throws {
        try await connection.execute(
            "UPDATE identity.addresses SET is_default = false WHERE account_id = $1 AND is_default AND id IS DISTINCT FROM $2",
            [account.rawValue, id]
        )
    }

    private func audit(_ action: String, _ id: UUID, _ account: AccountID, _ origin: RequestOrigin, on connection: Connection) async throws {
        try await connection.record(
            AuditEvent(action: action, entityType: "address", entityID: id.uuidString.lowercased(), details: ["account_id": account.description]),
            origin: origin
        )
    }

    static func address(_ row: Row) throws -> Address {
        Address(
            id: try row.decode(UUID.self, "id"),
            recipient: try row.decode(String.self, "recipient"),
            phone: try row.decode(String.self, "phone"),
            region: try row.decode(String.self, "region"),
            detail: try row.decode(String.self, "detail"),
            isDefault: try row.decode(Bool.self, "is_default"),
            createdAt: try row.decode(Date.self, "created_at"),
            updatedAt: try row.decode(Date.self, "updated_at")
        )
    }
}
