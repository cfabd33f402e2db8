import AppTestSupport
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Notifications
import Postgres
import Testing

/// Issue 27: `GET /me/messages` (newest first, keyset pages, unread count), marking read, and the
/// `Notifier` contract (one message per dedup key, none from a rolled-back transaction).
@Suite("The inbox", .timeLimit(.minutes(5)))
struct InboxTests {
    /// Writes `count` messages for `account`, one minute apart from `start`, through the module's notifier.
    static func seed(_ h: AppHarness, account: String, count: Int, prefix: String) async throws {
        let notifier = NotificationsModule(database: h.database, clock: h.clock, logger: Logger(label: "test")).notifier
        let recipient = try #require(AccountID(account))
        for index in 0..<count {
            h.clock.advance(by: 60)
            try await h.database.transaction { connection in
                try await notifier.notify(
                    NotificationEvent(
                        recipient: recipient, kind: .declarationApproved, title: "消息\(index)", text: "第\(index)条",
                        link: NotificationLink(type: "trial_application", id: UUID().uuidString.lowercased()), dedupKey: "\(prefix):\(index)"
                    ),
                    on: connection
                )
            }
        }
    }

    static func inbox(_ h: AppHarness, _ token: String, query: String = "") async throws -> [String: Any] {
        let response = try await h.request(.get, "/api/v1/me/messages" + query, token: token)
        #expect(response.status == .ok, "\(response.text)")
        return response.json
    }

    static func titles(_ json: [String: Any]) -> [String] {
        (json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    @Test func pagesRunNewestFirstAndTheUnreadCountCoversTheWholeInbox() async throws {
        try await AppHarness.run { h in
            let me = try await h.loginBySMS("13800138001")
            let other = try await h.loginBySMS("13800138002")
            try await Self.seed(h, account: me.account, count: 5, prefix: "mine")
            try await Self.seed(h, account: other.account, count: 1, prefix: "theirs")

            var seen: [String] = []
            var query = "?limit=2"
            var pages = 0
            while true {
                let json = try await Self.inbox(h, me.token, query: query)
                #expect(json["unreadCount"] as? Int == 5)
                seen += Self.titles(json)
                pages += 1
                guard let next = json["nextCursor"] as? String else { break }
                query = "?limit=2&cursor=\(next)"
                try #require(pages < 10)
            }
            #expect(seen == ["消息4", "消息3", "消息2", "消息1", "消息0"])
            #expect(pages == 3)
            #expect(Self.titles(try await Self.inbox(h, other.token)) == ["消息0"])
        }
    }

    @Test func aBadCursorOrLimitIsAProblemNotAPage() async throws {
        try await AppHarness.run { h in
            let me = try await h.loginBySMS("13800138001")
            for query in ["?cursor=nonsense", "?limit=0", "?limit=101"] {
                let response = try await h.request(.get, "/api/v1/me/messages" + query, token: me.token)
                #expect(response.status == .unprocessableContent || response.status == .badRequest, "\(query): \(response.text)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            #expect(try await h.request(.get, "/api/v1/me/messages").status == .unauthorized)
        }
    }

    @Test func readingOneMarksItAndReadAllMarksTheRest() async throws {
        try await AppHarness.run { h in
            let me = try await h.loginBySMS("13800138001")
            try await Self.seed(h, account: me.account, count: 3, prefix: "mine")
            let items = try #require(try await Self.inbox(h, me.token)["items"] as? [[String: Any]])
            let first = try #require(items.first?["id"] as? String)

            h.clock.advance(by: 60)
            let read = try await h.request(.post, "/api/v1/me/messages/\(first)/read", token: me.token)
            #expect(read.status == .ok, "\(read.text)")
            let readAt = try #require(read.json["readAt"] as? String)
            #expect(try await Self.inbox(h, me.token)["unreadCount"] as? Int == 2)
            // Reading it again keeps the first reading's time.
            h.clock.advance(by: 60)
            #expect(try await h.request(.post, "/api/v1/me/messages/\(first)/read", token: me.token).json["readAt"] as? String == readAt)

            let all = try await h.request(.post, "/api/v1/me/messages/read-all", token: me.token)
            #expect(all.status == .ok, "\(all.text)")
            #expect(all.json["marked"] as? Int == 2)
            let after = try await Self.inbox(h, me.token)
            #expect(after["unreadCount"] as? Int == 0)
            #expect((after["items"] as? [[String: Any]])?.allSatisfy { $0["readAt"] is String } == true)
            #expect(try await h.request(.post, "/api/v1/me/messages/read-all", token: me.token).json["marked"] as? Int == 0)
        }
    }

    @Test func anotherAccountsMessageIsNotFoundAndStaysUnread() async throws {
        try await AppHarness.run { h in
            let me = try await h.loginBySMS("13800138001")
            let other = try await h.loginBySMS("13800138002")
            try await Self.seed(h, account: other.account, count: 1, prefix: "theirs")
            let theirs = try #require((try await Self.inbox(h, other.token)["items"] as? [[String: Any]])?.first?["id"] as? String)

            for id in [theirs, UUID().uuidString.lowercased(), "not-a-uuid"] {
                let response = try await h.request(.post, "/api/v1/me/messages/\(id)/read", token: me.token)
                #expect(response.status == .notFound, "\(id): \(response.text)")
                #expect(response.json["code"] as? String == "not_found")
            }
            #expect(try await h.request(.post, "/api/v1/me/messages/read-all", token: me.token).json["marked"] as? Int == 0)
            #expect(try await Self.inbox(h, other.token)["unreadCount"] as? Int == 1)
        }
    }

    @Test func theSameEventNeverMakesTwoMessagesAndARolledBackOneMakesNone() async throws {
        try await AppHarness.run { h in
            let me = try await h.loginBySMS("13800138001")
            let notifier = NotificationsModule(database: h.database, clock: h.clock, logger: Logger(label: "test")).notifier
            let note = NotificationEvent(
                recipient: try #require(AccountID(me.account)), kind: .declarationReturned, title: "退回", text: "原因", link: nil,
                dedupKey: "trial_application:x:return:v1"
            )
            try await h.database.transaction { connection in
                try await notifier.notify(note, on: connection)
                try await notifier.notify(note, on: connection)
            }
            try await h.database.transaction { try await notifier.notify(note, on: $0) }
            struct Abort: Error {}
            let rolledBack = NotificationEvent(
                recipient: note.recipient, kind: .declarationApproved, title: "通过", text: "通过", link: nil, dedupKey: "trial_application:x:approve:v2"
            )
            await #expect(throws: Abort.self) {
                try await h.database.transaction { connection in
                    try await notifier.notify(rolledBack, on: connection)
                    throw Abort()
                }
            }
            let json = try await Self.inbox(h, me.token)
            #expect(Self.titles(json) == ["退回"])
            #expect((json["items"] as? [[String: Any]])?.first?["link"] is NSNull)
        }
    }
    /// A long text never fails the change that causes the message: it is cut, ending in …
    @Test func aTextOverTheLimitIsCutNotRefused() async throws {
        try await AppHarness.run { h in
            let me = try await h.loginBySMS("13800138001")
            let notifier = NotificationsModule(
                database: h.database, clock: h.clock, settings: NotificationsSettings(maximumTextCharacters: 100), logger: Logger(label: "test")
            ).notifier
            let note = NotificationEvent(
                recipient: try #require(AccountID(me.account)), kind: .declarationReturned, title: String(repeating: "题", count: 80),
                // A family emoji is one character but five Unicode scalars, which is what the column's limit counts.
                text: String(repeating: "因👨‍👩‍👧", count: 60), link: nil, dedupKey: "long"
            )
            try await h.database.transaction { try await notifier.notify(note, on: $0) }
            let message = try #require((try await Self.inbox(h, me.token)["items"] as? [[String: Any]])?.first)
            let text = try #require(message["text"] as? String)
            #expect(text.unicodeScalars.count == 100)
            #expect(text.hasSuffix("…"))
            #expect(String(text.unicodeScalars.dropLast()) == String(String(repeating: "因👨‍👩‍👧", count: 60).unicodeScalars.prefix(99)))
            #expect(message["title"] as? String == String(repeating: "题", count: 63) + "…")
        }
    }
}
