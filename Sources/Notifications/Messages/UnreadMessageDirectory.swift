import Contracts
import Postgres

/// `UnreadMessages`: an account's unread count for `GET /me` and the console's header. It needs only the
/// database, so the executable builds it before Identity, whose authenticating statement carries it.
public struct UnreadMessageDirectory: UnreadMessages {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public var callerPreload: CallerPreload { UnreadStore.callerPreload }

    public func preloadedUnreadCount(of caller: Caller) -> Int? {
        caller.preloaded.flatMap(UnreadStore.preloadedUnread(in:))
    }

    public func unreadCount(of caller: Caller) async throws -> Int {
        if let count = preloadedUnreadCount(of: caller) { return count }
        return try await unreadCount(of: caller.accountID)
    }

    public func unreadCount(of account: AccountID) async throws -> Int {
        try await database.withConnection { try await MessageStore.unreadCount(of: account, on: $0) }
    }
}
