import Audit
import Contracts
import Foundation
import Postgres

/// `health-talent prune`: delivery rows that are finished (sent, skipped, failed) and older than the
/// retention period (default 180 days). The messages themselves stay in the inbox.
public struct NotificationsHousekeeping: Housekeeping {
    let database: Database
    let settings: NotificationsSettings

    public init(database: Database, settings: NotificationsSettings) {
        self.database = database
        self.settings = settings
    }

    public func prune(at now: Date, batchSize: Int) async throws -> [PrunedRows] {
        let cutoff = now.addingTimeInterval(-TimeInterval(settings.deliveryRetentionDays) * 86_400)
        let removed = try await DeliveryStore.pruneFinished(before: cutoff, batchSize: batchSize, database: database)
        return [PrunedRows(table: "notifications.deliveries", count: removed)]
    }
}

/// `health-talent notifications retry --failed-since`: failed deliveries become due again.
public struct DeliveryRetry: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Failed rows whose last attempt was at or after `since` are due again now (their retry limit
    /// counts from the message, so each gets at least one more attempt). Audited. Answers how many.
    public func retryFailed(since: Date, at now: Date, origin: RequestOrigin) async throws -> Int {
        try await database.transaction { connection in
            let count = try await DeliveryStore.retryFailed(since: since, at: now, on: connection)
            try await connection.record(
                AuditEvent(
                    action: "notifications.retry", entityType: "notification_delivery", entityID: "failed",
                    details: ["failed_since": ISO8601DateFormatter().string(from: since), "count": String(count)]
                ),
                origin: origin
            )
            return count
        }
    }
}
