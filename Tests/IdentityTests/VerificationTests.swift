import AsyncHTTPClient
import Contracts
import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Logging
import Testing

@Suite("Real-name verification (实名认证)", .timeLimit(.minutes(3)))
struct VerificationTests {
    @Test func theAutomaticPathVerifies() async throws {
        try await AppHarness.run { h in
            let c = try await h.candidate("user-auto")
            let started = try await h.startVerification(c.token, number: "42010619900307451 9")
            #expect(started.status == .created)
            #expect(started.json["status"] as? String == "pending_scan")
            #expect(started.json["documentNumber"] as? String == AppHarness.residentID)  // the owner sees the number
            let scanned = try await h.scan(c.token, c.front, c.back)
            #expect(scanned.status == .ok)
            #expect(scanned.json["status"] as? String == "verified")
            #expect(h.faceID.callCount == 1)

            let me = try await h.request(.get, "/api/v1/me", token: c.token)
            let block = me.json["verification"] as? [String: Any]
            #expect(block?["status"] as? String == "verified")
            #expect(block?["documentNumberMasked"] as? String == "420106********4519")
            #expect(!me.text.contains(AppHarness.residentID))

            let identity = try await IdentityDirectoryService(database: h.database).verifiedIdentity(of: AccountID(UUID(uuidString: c.account)!))
            #expect(identity?.realName == "张三")
            #expect(identity?.documentNumber == AppHarness.residentID)
            #expect(identity?.gender == .male)
            #expect(identity?.birthDate == "1990-03-07")
            #expect(identity?.candidateKind == .mainland)

            let actions = try await h.auditActions()
            #expect(actions.contains("verification.start") && actions.contains("verification.verify"))
            #expect(!h.app.sink.lines.joined().contains(AppHarness.residentID))
            // A verified account cannot withdraw or start again.
            #expect(try await h.request(.post, "/api/v1/me/verification/withdraw", token: c.token).status == .conflict)
            #expect(try await h.startVerification(c.token).status == .conflict)
        }
    }

    @Test func fiveMismatchesThenOnlyManualReview() async throws {
        try await AppHarness.run { h in
            let c = try await h.candidate("user-mismatch")
            _ = try await h.startVerification(c.token, name: "李四")
            for attemptsLeft in (0...4).reversed() {
                let scan = try await h.scan(c.token, c.front, c.back)
                #expect(scan.status == .unprocessableContent)
                #expect(scan.json["code"] as? String == "verification_mismatch")
                #expect((scan.json["title"] as? String)?.contains("姓名和身份证号不一致") == true)
                #expect(scan.json["attemptsLeft"] as? Int == attemptsLeft)
            }
            let refused = try await h.scan(c.token, c.front, c.back)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.json["suggestManual"] as? Bool == true)
            #expect(h.faceID.callCount == 5)
            #expect(try await h.request(.get, "/api/v1/me/verification", token: c.token).json["suggestManual"] as? Bool == true)

            // Switching to manual review is allowed, as the guide says.
            let manual = try await h.startVerification(c.token, name: "李四", method: "manual")
            #expect(manual.status == .created)
            let submitted = try await h.scan(c.token, c.front, c.back)
            #expect(submitted.json["status"] as? String == "pending_review")
            #expect(h.faceID.callCount == 5)

            // Six hours later automatic scanning is offered again.
            h.clock.advance(by: 6 * 3600 + 1)
            let (fresh, _) = try await h.loginByWeChat("user-mismatch")
            #expect(try await h.request(.get, "/api/v1/me/verification", token: fresh).json["attemptsLeft"] as? Int == 5)
        }
    }

    @Test func imageProblemsCountAndServiceFailuresDoNot() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            let c = try await h.candidate("user-flaky")
            _ = try await h.startVerification(c.token, name: "异常")
            let unavailable = try await h.scan(c.token, c.front, c.back)
            #expect(unavailable.status == .serviceUnavailable)
            #expect(unavailable.json["code"] as? String == "verification_service_unavailable")
            _ = try await h.startVerification(c.token, name: "宕机")
            #expect(try await h.scan(c.token, c.front, c.back).status == .serviceUnavailable)
            #expect(try await h.request(.get, "/api/v1/me/verification", token: c.token).json["attemptsLeft"] as? Int == 5)

            _ = try await h.startVerification(c.token, name: "模糊")
            let blurred = try await h.scan(c.token, c.front, c.back)
            #expect(blurred.status == .unprocessableContent)
            #expect((blurred.json["title"] as? String)?.contains("照片模糊") == true)
            #expect(blurred.json["attemptsLeft"] as? Int == 4)
        }
    }

    @Test func aSilentServiceTimesOutAsUnavailable() async throws {
        let silent = try SilentPort()
        let verifier = TencentFaceIDVerifier(
            http: HTTPClient.shared, signer: TC3Signer(secretID: "id", secretKey: "key"),
            endpoint: URL(string: "http://127.0.0.1:\(silent.port)")!, clock: ManualClock(), logger: Logger(label: "test"),
            timeout: .milliseconds(300)
        )
        await #expect(throws: IDVerifierError.self) {
            try await verifier.verify(name: "张三", residentID: AppHarness.residentID, portraitImage: Samples.jpeg())
        }
    }

    @Test func oneNumberIsTriedAtMostTenTimesAnHourAcrossAccounts() async throws {
        try await AppHarness.run { h in
            for index in 0..<5 {
                let c = try await h.candidate("user-prober-\(index)")
                _ = try await h.startVerification(c.token, name: "李四")
                for _ in 0..<2 { #expect(try await h.scan(c.token, c.front, c.back).status == .unprocessableContent) }
            }
            // The limit is checked when the number is entered, before any scan.
            let last = try await h.candidate("user-prober-last")
            let refused = try await h.startVerification(last.token, name: "李四")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.json["code"] as? String == "document_number_rate_limited")
            #expect(h.faceID.callCount == 10)
        }
    }

    @Test func manualReviewApproveRejectAndWithdraw() async throws {
        try await AppHarness.run { h in
            let adminToken = try await h.platformAdmin()
            let c = try await h.candidate("user-manual")
            #expect(try await h.startVerification(c.token, name: "John Smith", type: "passport", number: "x12345678", method: "manual").status == .created)
            #expect(try await h.scan(c.token, c.front, c.back).json["status"] as? String == "pending_review")

            // Non-administrators see nothing of the review.
            #expect(try await h.request(.get, "/api/v1/admin/verifications?status=pending_review", token: c.token).status == .forbidden)

            let queue = try await h.request(.get, "/api/v1/admin/verifications?status=pending_review", token: adminToken)
            let item = try #require((queue.json["items"] as? [[String: Any]])?.first)
            #expect(item["documentNumberMasked"] as? String == "*******78")
            #expect(!queue.text.contains("X12345678"))
            let id = try #require(item["id"] as? String)
            // The reviewer can read the photos.
            #expect(try await h.request(.get, "/api/v1/attachments/\(try #require(item["frontAttachmentId"] as? String))", token: adminToken).status == .ok)

            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/reject", json: #"{"reason":"  "}"#, token: adminToken).status == .unprocessableContent)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/reject", json: #"{"reason":"照片不清晰"}"#, token: c.token).status == .forbidden)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/reject", json: #"{"reason":"照片不清晰，请重新拍摄"}"#, token: adminToken).status == .noContent)
            let rejected = try await h.request(.get, "/api/v1/me/verification", token: c.token)
            #expect(rejected.json["status"] as? String == "rejected")
            #expect(rejected.json["rejectReason"] as? String == "照片不清晰，请重新拍摄")
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: adminToken).status == .conflict)

            // Start again, withdraw from review, start again, and be approved.
            let restarted = try await h.startVerification(c.token, name: "John Smith", type: "passport", number: "X12345678", method: "manual")
            #expect(restarted.status == .created, "\(restarted.text)")
            let rescanned = try await h.scan(c.token, c.front, c.back)
            #expect(rescanned.json["status"] as? String == "pending_review", "\(rescanned.text)")
            let withdrawn = try await h.request(.post, "/api/v1/me/verification/withdraw", token: c.token)
            #expect(withdrawn.json["status"] as? String == "withdrawn")
            #expect(try await h.request(.post, "/api/v1/me/verification/withdraw", token: c.token).status == .conflict)
            _ = try await h.startVerification(c.token, name: "John Smith", type: "passport", number: "X12345678", method: "manual")
            _ = try await h.scan(c.token, c.front, c.back)
            let pending = try await h.request(.get, "/api/v1/admin/verifications", token: adminToken)
            let newID = try #require((pending.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(newID)/approve", token: c.token).status == .forbidden)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(newID)/approve", token: adminToken).status == .noContent)
            #expect(try await h.request(.get, "/api/v1/me/verification", token: c.token).json["status"] as? String == "verified")
            let identity = try await IdentityDirectoryService(database: h.database).verifiedIdentity(of: AccountID(UUID(uuidString: c.account)!))
            #expect(identity?.candidateKind == .foreign)
            #expect(identity?.gender == nil)

            let reviewed = try await h.database.query(
                "SELECT actor_id::text AS actor FROM audit.events WHERE action IN ('verification.approve', 'verification.reject') ORDER BY id"
            ).map { try $0.decode(String?.self, "actor") }
            #expect(reviewed.count == 2)
            #expect(Set(reviewed).count == 1 && reviewed.first! != c.account)
        }
    }

    @Test func theReviewQueueIsKeysetPaginatedOldestFirst() async throws {
        try await AppHarness.run { h in
            let adminToken = try await h.platformAdmin()
            var expected: [String] = []
            for index in 0..<3 {
                let c = try await h.candidate("user-queue-\(index)")
                _ = try await h.startVerification(c.token, name: "候选人" + ["甲", "乙", "丙"][index], type: "military_id", number: "南字第10000\(index)号", method: "manual")
                _ = try await h.scan(c.token, c.front, c.back)
                expected.append(c.account)
                h.clock.advance(by: 1)
            }
            let first = try await h.request(.get, "/api/v1/admin/verifications?limit=2", token: adminToken)
            let page1 = try #require(first.json["items"] as? [[String: Any]])
            let cursor = try #require(first.json["nextCursor"] as? String)
            #expect(cursor.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })  // safe in a URL as is
            let second = try await h.request(.get, "/api/v1/admin/verifications?limit=2&cursor=\(cursor)", token: adminToken)
            let page2 = try #require(second.json["items"] as? [[String: Any]])
            #expect((page1 + page2).compactMap { $0["accountId"] as? String } == expected)
            #expect(second.json["nextCursor"] is NSNull || second.json["nextCursor"] == nil)
            #expect(try await h.request(.get, "/api/v1/admin/verifications?cursor=garbage", token: adminToken).status == .unprocessableContent)
        }
    }

    @Test func aVerifiedNumberBelongsToOneAccount() async throws {
        try await AppHarness.run { h in
            let first = try await h.candidate("user-first")
            _ = try await h.startVerification(first.token)
            #expect(try await h.scan(first.token, first.front, first.back).json["status"] as? String == "verified")

            let second = try await h.candidate("user-second")
            let taken = try await h.startVerification(second.token)
            #expect(taken.status == .conflict)
            #expect(taken.json["code"] as? String == "document_already_verified")
            #expect(!taken.text.contains(first.account))
        }
    }

    @Test func badInputAndOtherPeoplesPhotosAreRefused() async throws {
        try await AppHarness.run { h in
            let owner = try await h.candidate("user-photos")
            let thief = try await h.candidate("user-borrower")

            let digitName = try await h.startVerification(thief.token, name: "张3")
            #expect((digitName.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "realName")
            let badNumber = try await h.startVerification(thief.token, number: "420106199003074510")
            #expect(badNumber.status == .unprocessableContent)
            let problem = (badNumber.json["errors"] as? [[String: Any]])?.first
            #expect(problem?["field"] as? String == "documentNumber")
            #expect((problem?["message"] as? String)?.contains("校验位") == true)
            let autoPassport = try await h.startVerification(thief.token, type: "passport", number: "E12345678", method: "auto")
            #expect((autoPassport.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "method")
            #expect(try await h.startVerification(thief.token, type: "driving_licence").status == .unprocessableContent)
            #expect(try await h.scan(thief.token, thief.front, thief.back).status == .conflict)  // no step 1 yet

            _ = try await h.startVerification(thief.token)
            let borrowed = try await h.scan(thief.token, owner.front, owner.back)
            #expect(borrowed.status == .unprocessableContent)
            #expect((borrowed.json["errors"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["attachment_not_found", "attachment_not_found"])
            let swapped = try await h.scan(thief.token, thief.back, thief.front)
            #expect((swapped.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "wrong_attachment_purpose")
            #expect(h.faceID.callCount == 0)
        }
    }
}
