import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A candidate may not alternate dispute and confirm without end: disputes are limited per record and day.
@Suite("Exam information: disputes are limited per day", .timeLimit(.minutes(5)))
struct DisputeLimitTests {
    func dispute(_ h: AppHarness, _ token: String) async throws -> TestResponse {
        try await h.request(.post, "/api/v1/exam-records/2026/me/disputes", json: #"{"message":"毕业学校有误"}"#, token: token)
    }

    @Test func aCandidateAlternatingDisputeAndConfirmIsStoppedAtTheDailyLimit() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            for round in 0..<10 {
                let disputed = try await dispute(h, p.candidate)
                #expect(disputed.status == .created, "dispute \(round): \(disputed.text)")
                #expect(try await h.confirmRecord(p.candidate, version: 1).status == .ok, "confirmation \(round)")
                h.clock.advance(by: 60)
            }
            let refused = try await dispute(h, p.candidate)
            #expect(refused.status == .tooManyRequests, "\(refused.text)")
            #expect(refused.json["code"] as? String == "too_many_disputes")
            #expect(refused.headers[.retryAfter] != nil)
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "confirmed", "the refused dispute changed nothing")
            // A day after the first dispute, one more is allowed again.
            h.clock.advance(by: 24 * 60 * 60 - 10 * 60 + 1)
            let (again, _) = try await h.loginByWeChat("user-trial-1")  // the session itself has expired by now
            let allowed = try await dispute(h, again)
            #expect(allowed.status == .created, "\(allowed.text)")
        }
    }
}
