import Contracts
import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Identity
import LibCrypto
import Testing
import Web

@testable import App

@Suite("Sessions", .timeLimit(.minutes(3)))
struct SessionTests {
    static func base64URLDecoded(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    @Test func idleSessionsExpireAfterThirtyMinutes() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-idle")
            h.clock.advance(by: 29 * 60)
            #expect(try await h.request(.get, "/api/v1/me", token: token).status == .ok)
            h.clock.advance(by: 29 * 60)  // 58 minutes in, but only 29 since the last request
            #expect(try await h.request(.get, "/api/v1/me", token: token).status == .ok)
            h.clock.advance(by: 30 * 60 + 1)
            let expired = try await h.request(.get, "/api/v1/me", token: token)
            #expect(expired.status == .unauthorized)
            #expect(expired.headers[.wwwAuthenticate] == "Bearer")
            #expect(expired.json["code"] as? String == "unauthorized")
        }
    }

    @Test func sessionsEndAfterTwelveHoursHoweverActive() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-busy")
            for _ in 0..<(12 * 60 / 20 - 1) {  // a request every 20 minutes for 11 h 40 min
                h.clock.advance(by: 20 * 60)
                #expect(try await h.request(.get, "/api/v1/me", token: token).status == .ok)
            }
            h.clock.advance(by: 19 * 60 + 59)  // 11:59:59
            #expect(try await h.request(.get, "/api/v1/me", token: token).status == .ok)
            h.clock.advance(by: 2)  // 12:00:01
            #expect(try await h.request(.get, "/api/v1/me", token: token).status == .unauthorized)
            // A new login gives a fresh session.
            let (fresh, _) = try await h.loginByWeChat("user-busy")
            #expect(try await h.request(.get, "/api/v1/me", token: fresh).status == .ok)
        }
    }

    @Test func everyBadTokenShapeIs401() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-shapes")
            let unknown = String(repeating: "A", count: 43)
            let headers: [String?] = [
                nil,                                 // no header
                "Basic dXNlcjpwYXNz",                // another scheme
                "Bearer",                            // no token
                "Bearer ",                           // blank token
                "Bearer \(token)x",                  // too long
                "Bearer \(token.dropLast())",        // too short
                "Bearer \(token.dropLast())!",       // not base64url
                "Bearer \(unknown)",                 // well-formed, unknown
                "\(token)",                          // token without scheme
            ]
            for header in headers {
                var fields = HTTPFields()
                if let header { fields[.authorization] = header }
                let response = try await h.request(.get, "/api/v1/me", headers: fields)
                #expect(response.status == .unauthorized, "\(header ?? "no header") was accepted")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            // The scheme is case-insensitive (RFC 6750).
            #expect(try await h.request(.get, "/api/v1/me", headers: [.authorization: "bearer \(token)"]).status == .ok)
            _ = try await h.request(.post, "/api/v1/auth/logout", token: token)
            #expect(try await h.request(.get, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await h.request(.post, "/api/v1/auth/logout", token: token).status == .unauthorized)
        }
    }

    @Test func tokensAreStoredOnlyAsHashes() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-hash")
            let rows = try await h.database.query("SELECT token_hash FROM identity.sessions")
            #expect(rows.count == 1)
            let stored = try rows[0].decode(Data.self, "token_hash")
            // Exactly the SHA-256 of the token, so the table alone cannot be used to log in; and no
            // column of any session row holds the token's text.
            #expect(stored == Data(SHA256.hash(Array(try #require(Self.base64URLDecoded(token))))))
            let anywhere = try await h.database.query("SELECT count(*) AS n FROM identity.sessions s WHERE s::text LIKE '%' || $1 || '%'", [token])
            #expect(try anywhere[0].decode(Int.self, "n") == 0)
        }
    }
}
