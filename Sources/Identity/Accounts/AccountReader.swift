import Contracts
import Postgres

/// Loads accounts outside a transaction.
struct AccountReader: Sendable {
    let database: Database
    let employment: any EmploymentDirectory

    func load(_ id: AccountID) async throws -> Account? {
        try await database.withConnection { try await AccountStore.load(id, on: $0) }
    }

    /// The bound unit, from Institutions through Contracts.
    func currentEmployment(of id: AccountID) async throws -> Employment? {
        try await employment.currentEmployment(of: id)
    }
}
