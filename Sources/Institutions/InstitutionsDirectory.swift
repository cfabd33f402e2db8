import Contracts
import Foundation
import Postgres

// The Contracts implementations the Institutions module offers.

/// `EmploymentDirectory` for other modules. Needs only the database, so it can be built before the
/// modules that use it.
public struct EmploymentDirectoryService: EmploymentDirectory {
    let database: Database

    public init(database: Database) { self.database = database }

    public func currentEmployment(of account: AccountID) async throws -> Employment? {
        try await database.withConnection { try await EmploymentStore.current(of: account, on: $0) }
    }

    public var callerPreload: CallerPreload { EmploymentStore.callerPreload }

    public func currentEmployment(of caller: Caller) async throws -> Employment? {
        if let preloaded = caller.preloaded, let employment = try EmploymentStore.preloadedEmployment(in: preloaded) {
            return employment
        }
        return try await currentEmployment(of: caller.accountID)
    }

    public func isBound(_ account: AccountID, to institution: InstitutionID) async throws -> Bool {
        try await database.withConnection { try await EmploymentStore.isBound(account, to: institution, on: $0) }
    }

    public func staff(of institution: InstitutionID) async throws -> [AccountID] {
        try await database.withConnection { try await EmploymentStore.staff(of: institution, on: $0) }
    }

    public func institution(_ id: InstitutionID) async throws -> InstitutionSummary? {
        try await database.withConnection { try await InstitutionStore.find(id, on: $0) }.map(\.summary)
    }
}

/// Wrong confirmation codes leave once the limit's window has passed.
public struct InstitutionsHousekeeping: Housekeeping {
    let database: Database
    let settings: InstitutionsSettings

    public init(database: Database, settings: InstitutionsSettings) {
        self.database = database
        self.settings = settings
    }

    public func prune(at now: Date, batchSize: Int) async throws -> [PrunedRows] {
        let removed = try await EmploymentStore.pruneFailures(
            before: now.addingTimeInterval(-settings.wrongCodeWindow), batchSize: batchSize, in: database
        )
        return [PrunedRows(table: "institutions.code_failures", count: removed)]
    }
}
