import Contracts
import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing

/// The verification limits as an attacker meets them: many requests at once, and the "already verified"
/// answer used as an oracle.
@Suite("Verification limits under concurrency and probing", .timeLimit(.minutes(3)))
struct VerificationLimitTests {
    @Test func twentyConcurrentScansFromOneAccountReachTheVerifierFiveTimes() async throws {
        try await AppHarness.run { h in
            let c = try await h.candidate("user-racer")
            #expect(try await h.startVerification(c.token, name: "李四").status == .created)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await h.scan(c.token, c.front, c.back).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(h.faceID.callCount == 5)
            #expect(statuses.filter { $0 == .unprocessableContent }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 15)
            #expect(!statuses.contains { $0.code >= 500 })
            let status = try await h.request(.get, "/api/v1/me/verification", token: c.token)
            #expect(status.json["attemptsLeft"] as? Int == 0)
        }
    }

    @Test func twentyAccountsScanningOneNumberAtOnceMakeTenTries() async throws {
        try await AppHarness.run { h in
            var candidates: [(token: String, account: String, front: String, back: String)] = []
            for index in 0..<20 {
                let c = try await h.candidate("user-swarm-\(index)")
                #expect(try await h.startVerification(c.token, name: "李四").status == .created)
                candidates.append(c)
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for c in candidates {
                    group.addTask { try await h.scan(c.token, c.front, c.back).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(h.faceID.callCount == 10)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 10)
            #expect(!statuses.contains { $0.code >= 500 })
        }
    }

    @Test func aServiceFailureGivesTheReservedAttemptBack() async throws {
        try await AppHarness.run { h in
            let c = try await h.candidate("user-outage")
            _ = try await h.startVerification(c.token, name: "宕机")
            #expect(try await h.scan(c.token, c.front, c.back).status == .serviceUnavailable)
            let rows = try await h.database.query("SELECT count(*) AS n FROM identity.verification_attempts")[0].decode(Int.self, "n")
            #expect(rows == 0)
        }
    }

    /// Verifies `number` for a first account, so that later starts with it are answered "already verified".
    static func verifiedElsewhere(_ h: AppHarness, number: String = AppHarness.residentID) async throws {
        let owner = try await h.candidate("user-owner-of-number")
        _ = try await h.startVerification(owner.token, number: number)
        #expect(try await h.scan(owner.token, owner.front, owner.back).json["status"] as? String == "verified")
    }

    @Test func alreadyVerifiedAnswersCountAgainstTheAccount() async throws {
        try await AppHarness.run { h in
            try await Self.verifiedElsewhere(h)
            let (prober, _) = try await h.loginByWeChat("user-number-prober")
            for _ in 0..<5 {
                let taken = try await h.startVerification(prober, method: "manual")
                #expect(taken.json["code"] as? String == "document_already_verified")
            }
            // Now every start is refused the same way, whatever the number, so the answer reveals nothing.
            let taken = try await h.startVerification(prober, method: "manual")
            #expect(taken.status == .tooManyRequests)
            #expect(taken.json["code"] as? String == "too_many_verification_starts")
            let fresh = try await h.startVerification(prober, number: "11010519491231002X", method: "manual")
            #expect(fresh.status == .tooManyRequests)
            #expect(fresh.json["code"] as? String == "too_many_verification_starts")
        }
    }

    @Test func alreadyVerifiedAnswersCountAgainstTheNumber() async throws {
        try await AppHarness.run { h in
            try await Self.verifiedElsewhere(h)
            // The owner's successful scan was one try of the number this hour; nine more answers allowed.
            for index in 0..<9 {
                let (prober, _) = try await h.loginByWeChat("user-many-\(index)")
                #expect(try await h.startVerification(prober, method: "manual").json["code"] as? String == "document_already_verified")
            }
            let (last, _) = try await h.loginByWeChat("user-many-last")
            let limited = try await h.startVerification(last, method: "manual")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.json["code"] as? String == "document_number_rate_limited")
        }
    }

    @Test func concurrentProbesOfAVerifiedNumberAreCountedExactly() async throws {
        try await AppHarness.run { h in
            try await Self.verifiedElsewhere(h)
            let (prober, _) = try await h.loginByWeChat("user-fast-prober")
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await h.startVerification(prober, method: "manual").json["code"] as? String ?? "" }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == "document_already_verified" }.count == 5)
            #expect(codes.filter { $0 == "too_many_verification_starts" }.count == 15)
        }
    }
}
