import Contracts
import Foundation
import Postgres

/// The delivery log (like GOV.UK Notify's): one account's deliveries with their status, newest first.
struct DeliveryLogService: Sendable {
    static let limit = 200

    let database: Database

    func log(of account: AccountID) async throws -> [DeliveryLogEntry] {
        try await database.withConnection { try await DeliveryStore.log(of: account, limit: Self.limit, on: $0) }
    }
}
