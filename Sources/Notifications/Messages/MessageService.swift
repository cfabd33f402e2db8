import Contracts
import Foundation
import Postgres
import Web

/// The caller's inbox: list with the unread count, mark one read, mark all read. Only the owner ever
/// sees or touches a message: another account's id is simply not found.
struct MessageService: Sendable {
    let database: Database
    let clock: any WallClock

    struct Inbox: Sendable {
        let page: Page<MessageResponse>
        let unreadCount: Int
    }

    func inbox(of account: AccountID, page request: PageRequest) async throws -> Inbox {
        // One snapshot (read-only, so it never fails to serialize), so the count and the page agree.
        try await database.transaction(.repeatableRead) { connection in
            let rows = try await MessageStore.list(of: account, limit: request.limit + 1, after: request.cursor, on: connection)
            let unread = try await MessageStore.unreadCount(of: account, on: connection)
            return Inbox(page: request.page(rows, item: MessageResponse.init, position: { $0.position }), unreadCount: unread)
        }
    }

    func markRead(_ id: UUID, of account: AccountID) async throws -> Message {
        let now = clock.now()
        guard let message = try await database.withConnection({ try await MessageStore.markRead(id, of: account, at: now, on: $0) }) else {
            throw NotificationsProblems.messageNotFound
        }
        return message
    }

    func markAllRead(of account: AccountID) async throws -> Int {
        let now = clock.now()
        return try await database.withConnection { try await MessageStore.markAllRead(of: account, at: now, on: $0) }
    }
}
