import Audit
import Contracts
import Foundation
import Postgres
import Web

/// 我的地址: where certificates and documents are posted. At most one default per account; the first
/// address becomes the default. Another account's address answers 404.
struct AddressService: Sendable {
    let database: Database
    let clock: any WallClock
    let settings: IdentitySettings

    static func validate(_ input: AddressRequest) throws(Problem) -> AddressInput {
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
        return AddressInput(recipient: recipient, phone: phone, region: region, detail: detail, isDefault: input.isDefault ?? false)
    }

    func list(_ account: AccountID) async throws -> [Address] {
        try await database.withConnection { try await AddressStore.list(of: account, on: $0) }
    }

    func create(_ account: AccountID, _ input: AddressInput, origin: RequestOrigin) async throws -> Address {
        let now = clock.now()
        return try await database.transaction { connection in
            try await AccountStore.lock(account, on: connection)
            let count = try await AddressStore.count(of: account, on: connection)
            guard count < settings.maximumAddresses else { throw IdentityProblems.tooManyAddresses }
            let makeDefault = input.isDefault || count == 0
            if makeDefault { try await AddressStore.clearDefault(of: account, on: connection) }
            let address = try await AddressStore.insert(input, of: account, isDefault: makeDefault, at: now, on: connection)
            try await audit("account.address.create", address.id, account, origin, on: connection)
            return address
        }
    }

    func update(_ account: AccountID, _ id: UUID, _ input: AddressInput, origin: RequestOrigin) async throws -> Address {
        let now = clock.now()
        return try await database.transaction { connection in
            try await AccountStore.lock(account, on: connection)
            if input.isDefault { try await AddressStore.clearDefault(of: account, except: id, on: connection) }
            guard let address = try await AddressStore.update(id, of: account, with: input, at: now, on: connection) else { throw Problem.notFound }
            try await audit("account.address.update", id, account, origin, on: connection)
            return address
        }
    }

    func delete(_ account: AccountID, _ id: UUID, origin: RequestOrigin) async throws {
        try await database.transaction { connection in
            try await AccountStore.lock(account, on: connection)
            guard let wasDefault = try await AddressStore.delete(id, of: account, on: connection) else { throw Problem.notFound }
            if wasDefault { try await AddressStore.promoteOldest(of: account, on: connection) }
            try await audit("account.address.delete", id, account, origin, on: connection)
        }
    }

    private func audit(_ action: String, _ id: UUID, _ account: AccountID, _ origin: RequestOrigin, on connection: Connection) async throws {
        try await connection.record(
            AuditEvent(action: action, entityType: "address", entityID: id.uuidString.lowercased(), details: ["account_id": account.description]),
            origin: origin
        )
    }
}
