import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 27: `GET /me` (and a login's account) carries the caller's unread message count, from the one
/// authenticating statement.
@Suite("GET /me's unread messages", .timeLimit(.minutes(5)))
struct MeUnreadMessagesTests {
    @Test func meCountsUnreadMessagesInItsOneStatementAndForgetsThemOnceRead() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (candidate, id) = try await h.pendingReview("user-me-unread", adminToken: admin)
            #expect(try await h.request(.get, "/api/v1/me", token: candidate.token).json["unreadMessages"] as? Int == 0)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin).status == .noContent)

            _ = try await h.request(.get, "/api/v1/me", token: candidate.token)
            let before = await h.database.poolStatistics
            let me = try await h.request(.get, "/api/v1/me", token: candidate.token)
            let after = await h.database.poolStatistics
            #expect(me.json["unreadMessages"] as? Int == 1)
            #expect(after.statements - before.statements == 1)
            // A fresh read (after a change) says the same.
            #expect(try await h.request(.put, "/api/v1/me/profile", json: "{}", token: candidate.token).json["unreadMessages"] as? Int == 1)

            #expect(try await h.request(.post, "/api/v1/me/messages/read-all", token: candidate.token).status == .ok)
            #expect(try await h.request(.get, "/api/v1/me", token: candidate.token).json["unreadMessages"] as? Int == 0)
            #expect(try await h.request(.get, "/api/v1/me", token: admin).json["unreadMessages"] as? Int == 0)
        }
    }
}
