import Contracts
import Foundation
import Postgres

/// A candidate's choice of which kinds reach them beyond the inbox (the inbox always gets every message).
struct PreferenceService: Sendable {
    let database: Database
    let clock: any WallClock

    func preferences(of account: AccountID) async throws -> PreferencesResponse {
        let off = try await database.withConnection { try await PreferenceStore.turnedOff(of: account, on: $0) }
        return Self.response(off: off)
    }

    func update(_ items: [PreferencesRequest.Item], of account: AccountID) async throws -> PreferencesResponse {
        let changes = try PreferenceRules.validate(items)
        let now = clock.now()
        let off = try await database.transaction { connection in
            for (kind, enabled) in changes {
                try await PreferenceStore.set(kind, enabled: enabled, for: account, at: now, on: connection)
            }
            return try await PreferenceStore.turnedOff(of: account, on: connection)
        }
        return Self.response(off: off)
    }

    static func response(off: Set<NotificationKind>) -> PreferencesResponse {
        PreferencesResponse(preferences: PreferenceRules.kinds.map {
            PreferencesResponse.Item(kind: $0.rawValue, enabled: !off.contains($0), essential: PreferenceRules.essential.contains($0))
        })
    }
}
