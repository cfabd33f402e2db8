import AppTestSupport
import Foundation
import Testing

/// PostgreSQL's own log never holds a document number, even when a unique violation on it is the
/// normal way a duplicate is refused (migration 0013 makes the application role's errors terse).
@Suite("PostgreSQL's log: no document numbers", .timeLimit(.minutes(3)))
struct DatabaseLogTests {
    @Test func aVerifiedNumberTakenDuringReviewLeavesNoNumberInTheServerLog() async throws {
        let logPath = try #require(ProcessInfo.processInfo.environment["TEST_POSTGRES_LOG"], "deploy/local/test.sh sets TEST_POSTGRES_LOG")
        try await AppHarness.run { h in
            let number = AppHarness.residentID(serial: 977)
            // One account waits for a manual review with the number; meanwhile another verifies it
            // automatically. The service checks before it writes, so the violation comes from a race;
            // here it is provoked directly, as the losing side of that race writes.
            let waiting = try await h.candidate("user-log-waiting")
            #expect(try await h.startVerification(waiting.token, number: number, method: "manual").status == .created)
            #expect(try await h.scan(waiting.token, waiting.front, waiting.back).json["status"] as? String == "pending_review")
            _ = try await h.verifiedCandidate("user-log-first", serial: 977)
            await #expect(throws: (any Error).self) {
                try await h.database.execute(
                    "UPDATE identity.verifications SET status = 'verified' WHERE account_id = $1::uuid AND status = 'pending_review'", [waiting.account]
                )
            }

            let log = try String(contentsOfFile: logPath, encoding: .utf8)
            // The violation did reach the server's log (so this is the right file) ...
            #expect(log.contains("verifications_verified_number_idx"))
            // ... without the number, in full or in the form PostgreSQL writes keys.
            #expect(!log.contains(number))
            #expect(!log.contains("Key (document_type, document_number)"))
        }
    }
}
