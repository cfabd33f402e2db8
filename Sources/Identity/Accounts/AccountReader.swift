import Contracts
import Postgres

/// Loads accounts outside a transaction.
struct AccountReader: Sendable {
    let database: Database

    func load(_ id: AccountID) async throws -> Account? {
        try await database.withConnection { try await AccountStore.load(id, on: $0) }
    }
}
