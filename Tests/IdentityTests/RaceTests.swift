import AppTestSupport
import Foundation
import HTTPTypes
import Identity
import Postgres
import Testing

/// Two actors after the same thing at once: exactly one wins, the others get 409, nobody gets a 5xx.
@Suite("Races answer 409", .timeLimit(.minutes(2)))
struct RaceTests {
    @Test func concurrentApprovalsOfOneDocumentNumberVerifyOneAccount() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            // Three candidates claim the same passport number and wait for review.
            var ids: [String] = []
            for index in 0..<3 {
                let c = try await h.candidate("user-claimant-\(index)")
                _ = try await h.startVerification(c.token, name: "John Smith", type: "passport", number: "E12345678", method: "manual")
                _ = try await h.scan(c.token, c.front, c.back)
            }
            let queue = try await h.request(.get, "/api/v1/admin/verifications", token: admin)
            ids = (queue.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.count == 3)

            let answers = try await withThrowingTaskGroup(of: TestResponseSummary.self) { group in
                for id in ids {
                    for _ in 0..<3 {
                        group.addTask {
                            let response = try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin)
                            return TestResponseSummary(status: response.status, code: response.json["code"] as? String)
                        }
                    }
                }
                return try await group.reduce(into: [TestResponseSummary]()) { $0.append($1) }
            }
            #expect(answers.filter { $0.status == .noContent }.count == 1)
            #expect(answers.allSatisfy { $0.status == .noContent || $0.status == .conflict }, "\(answers)")
            let verified = try await h.database.query(
                "SELECT count(*) AS n FROM identity.verifications WHERE status = 'verified' AND document_number = 'E12345678'"
            )[0].decode(Int.self, "n")
            #expect(verified == 1)
        }
    }

    /// The loser of a race the unique index decides: its own checks passed, and only the constraint
    /// stops it once the winner commits. Held deterministically with an open transaction.
    @Test func aPhoneBoundWhileTheRequestWaitedIsPhoneAlreadyBound() async throws {
        try await AppHarness.run { h in
            let phone = "13700137000"
            let (_, winner) = try await h.loginByWeChat("user-winner")
            let (loser, _) = try await h.loginByWeChat("user-loser")
            #expect(try await h.sendCode(to: phone).status == .accepted)
            let code = try #require(h.sms.lastCode(to: phone))

            let request = try await h.database.transaction { connection -> Task<TestResponseSummary, any Error> in
                try await connection.execute("UPDATE identity.accounts SET phone = $2 WHERE id = $1::uuid", [winner, phone])
                let request = Task {
                    let response = try await h.request(.put, "/api/v1/me/phone", json: #"{"phone":"\#(phone)","code":"\#(code)"}"#, token: loser)
                    return TestResponseSummary(status: response.status, code: response.json["code"] as? String)
                }
                // Wait until the request is blocked on the winner's uncommitted row, then commit.
                try await RaceTests.waitForLockWait(h.database)
                return request
            }
            let answer = try await request.value
            #expect(answer.status == .conflict)
            #expect(answer.code == "phone_already_bound")
        }
    }

    @Test func concurrentBindingsOfOnePhoneHaveOneWinnerAndNo5xx() async throws {
        try await AppHarness.run { h in
            let phone = "13700137001"
            var tokens: [String] = []
            for index in 0..<4 { tokens.append(try await h.loginByWeChat("user-binder-\(index)").token) }
            #expect(try await h.sendCode(to: phone).status == .accepted)
            let code = try #require(h.sms.lastCode(to: phone))
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for token in tokens {
                    group.addTask {
                        try await h.request(.put, "/api/v1/me/phone", json: #"{"phone":"\#(phone)","code":"\#(code)"}"#, token: token).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            // The code is single-use, so the others are refused by it (401) or by the binding (409).
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.allSatisfy { [.ok, .unauthorized, .conflict].contains($0) }, "\(statuses)")
        }
    }

    /// Polls until some backend waits for a lock (a generous deadline, no fixed sleep).
    static func waitForLockWait(_ database: Database) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let waiting = try await database.query(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )[0].decode(Int.self, "n")
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no request waited for the lock")
    }
}

struct TestResponseSummary: Sendable, CustomStringConvertible {
    let status: HTTPResponse.Status
    let code: String?
    var description: String { "\(status.code) \(code ?? "")" }
}
