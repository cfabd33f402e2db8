import Foundation
import Logging
import Postgres
import Contracts

/// The WeChat access token every instance shares, kept in PostgreSQL with its expiry. Whichever
/// instance finds it missing or within `refreshMargin` of its expiry fetches a new one under an
/// advisory lock (the others wait for the lock and then read the new one), so a token is fetched once
/// however many instances need it. The value is never logged.
struct WeChatTokenService: Sendable {
    static let lockKey = "notifications.wechat_token"
    /// Issue 27: refreshed within 5 minutes of its expiry.
    static let refreshMargin: TimeInterval = 5 * 60

    let database: Database
    let messenger: any WeChatMessenger
    let clock: any WallClock

    /// A token usable now.
    func current() async throws -> String {
        let now = clock.now()
        if let stored = try await database.withConnection({ try await DeliveryStore.token(on: $0) }),
           stored.expiresAt > now.addingTimeInterval(Self.refreshMargin) {
            return stored.value
        }
        return try await refresh(replacing: nil)
    }

    /// A new token; `stale` is the one WeChat refused (40001/42001): when another instance already
    /// replaced it, that one is used instead of fetching again.
    func refresh(replacing stale: String?) async throws -> String {
        try await database.transaction { connection in
            try await connection.advisoryLock(Self.lockKey)
            let now = clock.now()
            if let stored = try await DeliveryStore.token(on: connection), stored.value != stale,
               stored.expiresAt > now.addingTimeInterval(Self.refreshMargin) {
                return stored.value
            }
            let fetched = try await messenger.fetchToken(forceRefresh: stale != nil)
            try await DeliveryStore.saveToken(fetched.value, expiresAt: now.addingTimeInterval(fetched.expiresIn), fetchedAt: now, on: connection)
            return fetched.value
        }
    }
}
