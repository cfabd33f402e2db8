import AsyncHTTPClient
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Logging
import Testing

@Suite("Real-name verification (实名认证)")
struct VerificationTests {
    static let number = "420106199003074519"

    /// Logs in, uploads both sides of the document, and answers the token and the photo ids.
    static func candidate(_ h: IdentityHarness, _ code: String) async throws -> (token: String, account: String, front: String, back: String) {
        let (token, account) = try await h.loginByWeChat(code)
        let front = try await AttachmentTests.upload(h, Samples.jpeg(seed: UInt8(truncatingIfNeeded: code.hashValue)), purpose: "id_document_front", token: token)
        let back = try await AttachmentTests.upload(h, Samples.jpeg(seed: 99), purpose: "id_document_back", token: token)
        return (token, account, try #require(front.json["id"] as? String), try #require(back.json["id"] as? String))
    }

    static func start(_ h: IdentityHarness, _ token: String, name: String = "张三", type: String = "resident_id", number: String = number, method: String = "auto") async throws -> TestResponse {
        try await h.request(
            .post, "/api/v1/me/verification",
            json: #"{"realName":"\#(name)","documentType":"\#(type)","documentNumber":"\#(number)","method":"\#(method)"}"#, token: token
        )
    }

    static func scan(_ h: IdentityHarness, _ token: String, _ front: String, _ back: String) async throws -> TestResponse {
        try await h.request(.post, "/api/v1/me/verification/scan", json: #"{"frontAttachmentId":"\#(front)","backAttachmentId":"\#(back)"}"#, token: token)
    }

    static func admin(_ h: IdentityHarness) async throws -> String {
        let phone = "13100131000"
        try await RoleAdministration(database: h.database).grant(.platformAdmin, toPhone: PhoneNumber(phone)!, origin: .commandLine)
        return try await h.loginBySMS(phone).token
    }

    @Test func theAutomaticPathVerifies() async throws {
        try await IdentityHarness.run { h in
            let c = try await Self.candidate(h, "user-auto")
            let started = try await Self.start(h, c.token, number: "42010619900307451 9")
            #expect(started.status == .created)
            #expect(started.json["status"] as? String == "pending_scan")
            #expect(started.json["documentNumber"] as? String == Self.number)  // the owner sees the number
            let scanned = try await Self.scan(h, c.token, c.front, c.back)
            #expect(scanned.status == .ok)
            #expect(scanned.json["status"] as? String == "verified")
            #expect(h.faceID.callCount == 1)

            let me = try await h.request(.get, "/api/v1/me", token: c.token)
            let block = me.json["verification"] as? [String: Any]
            #expect(block?["status"] as? String == "verified")
            #expect(block?["documentNumberMasked"] as? String == "420106********4519")
            #expect(!me.text.contains(Self.number))

            let identity = try await IdentityDirectoryService(database: h.database).verifiedIdentity(of: AccountID(UUID(uuidString: c.account)!))
            #expect(identity?.realName == "张三")
            #expect(identity?.documentNumber == Self.number)
            #expect(identity?.gender == .male)
            #expect(identity?.birthDate == "1990-03-07")
            #expect(identity?.candidateKind == .mainland)

            let actions = try await h.auditActions()
            #expect(actions.contains("verification.start") && actions.contains("verification.verify"))
            #expect(!h.app.sink.lines.joined().contains(Self.number))
            // A verified account cannot withdraw or start again.
            #expect(try await h.request(.post, "/api/v1/me/verification/withdraw", token: c.token).status == .conflict)
            #expect(try await Self.start(h, c.token).status == .conflict)
        }
    }

    @Test func fiveMismatchesThenOnlyManualReview() async throws {
        try await IdentityHarness.run { h in
            let c = try await Self.candidate(h, "user-mismatch")
            _ = try await Self.start(h, c.token, name: "李四")
            for attemptsLeft in (0...4).reversed() {
                let scan = try await Self.scan(h, c.token, c.front, c.back)
                #expect(scan.status == .unprocessableContent)
                #expect(scan.json["code"] as? String == "verification_mismatch")
                #expect((scan.json["title"] as? String)?.contains("姓名和身份证号不一致") == true)
                #expect(scan.json["attemptsLeft"] as? Int == attemptsLeft)
            }
            let refused = try await Self.scan(h, c.token, c.front, c.back)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.json["suggestManual"] as? Bool == true)
            #expect(h.faceID.callCount == 5)
            #expect(try await h.request(.get, "/api/v1/me/verification", token: c.token).json["suggestManual"] as? Bool == true)

            // Switching to manual review is allowed, as the guide says.
            let manual = try await Self.start(h, c.token, name: "李四", method: "manual")
            #expect(manual.status == .created)
            let submitted = try await Self.scan(h, c.token, c.front, c.back)
            #expect(submitted.json["status"] as? String == "pending_review")
            #expect(h.faceID.callCount == 5)

            // Six hours later automatic scanning is offered again.
            h.clock.advance(by: 6 * 3600 + 1)
            let (fresh, _) = try await h.loginByWeChat("user-mismatch")
            #expect(try await h.request(.get, "/api/v1/me/verification", token: fresh).json["attemptsLeft"] as? Int == 5)
        }
    }

    @Test func imageProblemsCountAndServiceFailuresDoNot() async throws {
        try await IdentityHarness.run { h in
            let c = try await Self.candidate(h, "user-flaky")
            _ = try await Self.start(h, c.token, name: "异常")
            let unavailable = try await Self.scan(h, c.token, c.front, c.back)
            #expect(unavailable.status == .serviceUnavailable)
            #expect(unavailable.json["code"] as? String == "verification_service_unavailable")
            _ = try await Self.start(h, c.token, name: "宕机")
            #expect(try await Self.scan(h, c.token, c.front, c.back).status == .serviceUnavailable)
            #expect(try await h.request(.get, "/api/v1/me/verification", token: c.token).json["attemptsLeft"] as? Int == 5)

            _ = try await Self.start(h, c.token, name: "模糊")
            let blurred = try await Self.scan(h, c.token, c.front, c.back)
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
            try await verifier.verify(name: "张三", residentID: Self.number, portraitImage: Samples.jpeg())
        }
    }

    @Test func oneNumberIsTriedAtMostTenTimesAnHourAcrossAccounts() async throws {
        try await IdentityHarness.run { h in
            for index in 0..<5 {
                let c = try await Self.candidate(h, "user-prober-\(index)")
                _ = try await Self.start(h, c.token, name: "李四")
                for _ in 0..<2 { #expect(try await Self.scan(h, c.token, c.front, c.back).status == .unprocessableContent) }
            }
            // The limit is checked when the number is entered, before any scan.
            let last = try await Self.candidate(h, "user-prober-last")
            let refused = try await Self.start(h, last.token, name: "李四")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.json["code"] as? String == "document_number_rate_limited")
            #expect(h.faceID.callCount == 10)
        }
    }

    @Test func manualReviewApproveRejectAndWithdraw() async throws {
        try await IdentityHarness.run { h in
            let adminToken = try await Self.admin(h)
            let c = try await Self.candidate(h, "user-manual")
            #expect(try await Self.start(h, c.token, name: "John Smith", type: "passport", number: "x12345678", method: "manual").status == .created)
            #expect(try await Self.scan(h, c.token, c.front, c.back).json["status"] as? String == "pending_review")

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
            let restarted = try await Self.start(h, c.token, name: "John Smith", type: "passport", number: "X12345678", method: "manual")
            #expect(restarted.status == .created, "\(restarted.text)")
            let rescanned = try await Self.scan(h, c.token, c.front, c.back)
            #expect(rescanned.json["status"] as? String == "pending_review", "\(rescanned.text)")
            let withdrawn = try await h.request(.post, "/api/v1/me/verification/withdraw", token: c.token)
            #expect(withdrawn.json["status"] as? String == "withdrawn")
            #expect(try await h.request(.post, "/api/v1/me/verification/withdraw", token: c.token).status == .conflict)
            _ = try await Self.start(h, c.token, name: "John Smith", type: "passport", number: "X12345678", method: "manual")
            _ = try await Self.scan(h, c.token, c.front, c.back)
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
        try await IdentityHarness.run { h in
            let adminToken = try await Self.admin(h)
            var expected: [String] = []
            for index in 0..<3 {
                let c = try await Self.candidate(h, "user-queue-\(index)")
                _ = try await Self.start(h, c.token, name: "候选人" + ["甲", "乙", "丙"][index], type: "military_id", number: "南字第10000\(index)号", method: "manual")
                _ = try await Self.scan(h, c.token, c.front, c.back)
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
        try await IdentityHarness.run { h in
            let first = try await Self.candidate(h, "user-first")
            _ = try await Self.start(h, first.token)
            #expect(try await Self.scan(h, first.token, first.front, first.back).json["status"] as? String == "verified")

            let second = try await Self.candidate(h, "user-second")
            let taken = try await Self.start(h, second.token)
            #expect(taken.status == .conflict)
            #expect(taken.json["code"] as? String == "document_already_verified")
            #expect(!taken.text.contains(first.account))
        }
    }

    @Test func badInputAndOtherPeoplesPhotosAreRefused() async throws {
        try await IdentityHarness.run { h in
            let owner = try await Self.candidate(h, "user-photos")
            let thief = try await Self.candidate(h, "user-borrower")

            let digitName = try await Self.start(h, thief.token, name: "张3")
            #expect((digitName.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "realName")
            let badNumber = try await Self.start(h, thief.token, number: "420106199003074510")
            #expect(badNumber.status == .unprocessableContent)
            let problem = (badNumber.json["errors"] as? [[String: Any]])?.first
            #expect(problem?["field"] as? String == "documentNumber")
            #expect((problem?["message"] as? String)?.contains("校验位") == true)
            let autoPassport = try await Self.start(h, thief.token, type: "passport", number: "E12345678", method: "auto")
            #expect((autoPassport.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "method")
            #expect(try await Self.start(h, thief.token, type: "driving_licence").status == .unprocessableContent)
            #expect(try await Self.scan(h, thief.token, thief.front, thief.back).status == .conflict)  // no step 1 yet

            _ = try await Self.start(h, thief.token)
            let borrowed = try await Self.scan(h, thief.token, owner.front, owner.back)
            #expect(borrowed.status == .unprocessableContent)
            #expect((borrowed.json["errors"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["attachment_not_found", "attachment_not_found"])
            let swapped = try await Self.scan(h, thief.token, thief.back, thief.front)
            #expect((swapped.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "wrong_attachment_purpose")
            #expect(h.faceID.callCount == 0)
        }
    }
}
