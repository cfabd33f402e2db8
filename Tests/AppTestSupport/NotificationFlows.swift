import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The inbox as the producers' suites read it (issue 27).
extension AppHarness {
    /// The account's messages, newest first (one page of up to 100).
    public func inbox(_ token: String) async throws -> [[String: Any]] {
        let response = try await request(.get, "/api/v1/me/messages?limit=100", token: token)
        #expect(response.status == .ok, "\(response.text)")
        return try #require(response.json["items"] as? [[String: Any]])
    }

    /// The kinds of the account's messages, newest first.
    public func inboxKinds(_ token: String) async throws -> [String] {
        try await inbox(token).map { $0["kind"] as? String ?? "?" }
    }
}
