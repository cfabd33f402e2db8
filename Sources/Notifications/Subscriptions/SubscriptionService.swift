import Contracts
import Foundation
import Postgres

/// Records WeChat subscribe-message acceptances: each one allows one send of its template.
struct SubscriptionService: Sendable {
    let database: Database
    let clock: any WallClock
    let settings: NotificationsSettings

    /// Checks the ids against the configured templates (every position reported), then adds one
    /// acceptance per distinct id. Answers the counts now, in the order given.
    func accept(_ templateIDs: [String], by account: AccountID) async throws -> [(String, Int)] {
        guard !templateIDs.isEmpty else { throw NotificationsProblems.noTemplates }
        guard templateIDs.count <= NotificationsProblems.maximumTemplatesPerRequest else { throw NotificationsProblems.tooManyTemplates }
        let known = settings.templateIDs
        let unknown = templateIDs.indices.filter { !known.contains(templateIDs[$0]) }
        guard unknown.isEmpty else { throw NotificationsProblems.unknownTemplates(at: unknown) }
        var distinct: [String] = []
        for id in templateIDs where !distinct.contains(id) { distinct.append(id) }
        let now = clock.now()
        let counts = try await database.transaction { connection in
            try await DeliveryStore.addAcceptances(of: account, templates: distinct, at: now, on: connection)
        }
        return distinct.map { id in (id, counts.first { $0.0 == id }?.1 ?? 0) }
    }
}
