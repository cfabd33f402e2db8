import Contracts
import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing

/// The platform administrators' review of manual verifications: who may decide, what the queue
/// accepts, and how long reviewers can read the photos.
@Suite("Verification review (人工审核)", .timeLimit(.minutes(3)))
struct VerificationReviewTests {
    /// base64url without padding, as the server writes cursors.
    static func cursor(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test(arguments: [
        "9223372036854775807_00000000-0000-0000-0000-000000000000",
        "-300000000000000000_00000000-0000-0000-0000-000000000000",
        "-1_00000000-0000-0000-0000-000000000000",
        "253402300800000000_00000000-0000-0000-0000-000000000000",
        "1_not-a-uuid",
        "1_00000000-0000-0000-0000-000000000000_extra",
    ])
    func aCursorOutsideTheQueueIsRefusedNotFatal(_ text: String) async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let response = try await h.request(.get, "/api/v1/admin/verifications?cursor=\(Self.cursor(text))", token: admin)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect((response.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "invalid_cursor")
            // The server is still there.
            #expect(try await h.request(.get, "/api/v1/admin/verifications", token: admin).status == .ok)
        }
    }

    @Test(arguments: ["abc", "1e3", "0", "101", "99999999999999999999999", "-5", ""])
    func aLimitThatIsNotAWholeNumberInRangeIsRefused(_ limit: String) async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let response = try await h.request(.get, "/api/v1/admin/verifications?limit=\(limit)", token: admin)
            #expect(response.status == .unprocessableContent, "\(limit): \(response.text)")
            #expect((response.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "limit")
        }
    }

    @Test func anEmptyQueueSaysSoWithANullCursorAndLowerCaseIds() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (_, id) = try await h.pendingReview("user-case", adminToken: admin)
            let queue = try await h.request(.get, "/api/v1/admin/verifications", token: admin)
            #expect(queue.text.contains(#""nextCursor":null"#))
            #expect(id == id.lowercased())
            let item = try #require((queue.json["items"] as? [[String: Any]])?.first)
            for key in ["id", "accountId", "frontAttachmentId", "backAttachmentId"] {
                let value = try #require(item[key] as? String)
                #expect(value == value.lowercased(), "\(key) is \(value)")
            }
        }
    }

    @Test(arguments: ["approve", "reject"])
    func anAdministratorCannotDecideTheirOwnVerification(_ decision: String) async throws {
        try await AppHarness.run { h in
            let phone = "13100131000"
            let admin = try await h.platformAdmin()  // logs in with `phone`
            // The administrator's own account starts a manual verification.
            let front = try await h.upload(Samples.jpeg(seed: 1), purpose: "id_document_front", token: admin)
            let back = try await h.upload(Samples.jpeg(seed: 2), purpose: "id_document_back", token: admin)
            _ = try await h.startVerification(admin, name: "王管理", type: "passport", number: "E87654321", method: "manual")
            _ = try await h.scan(admin, try #require(front.json["id"] as? String), try #require(back.json["id"] as? String))
            let queue = try await h.request(.get, "/api/v1/admin/verifications", token: admin)
            let id = try #require((queue.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            // Only a rejection takes a reason; an approval's body is empty (a reason would be unknown_field).
            func body(_ reason: String) -> String { decision == "reject" ? #"{"reason":"\#(reason)"}"# : "{}" }

            let refused = try await h.request(.post, "/api/v1/admin/verifications/\(id)/\(decision)", json: body("自己驳回自己"), token: admin)
            #expect(refused.status == .forbidden)
            #expect(refused.json["code"] as? String == "own_case")
            #expect(try await h.request(.get, "/api/v1/me/verification", token: admin).json["status"] as? String == "pending_review")

            // Another administrator can.
            try await RoleAdministration(database: h.database).grant(.platformAdmin, toPhone: PhoneNumber("13100131001")!, origin: .commandLine)
            let other = try await h.loginBySMS("13100131001").token
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/\(decision)", json: body("证件照片不清晰"), token: other).status == .noContent)
            _ = phone
        }
    }

    @Test(arguments: ["withdraw", "approve", "reject"])
    func reviewersLoseAccessToThePhotosWhenReviewEnds(_ ending: String) async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (c, id) = try await h.pendingReview("user-photos-\(ending)", adminToken: admin)
            #expect(try await h.request(.get, "/api/v1/attachments/\(c.front)", token: admin).status == .ok)
            switch ending {
            case "withdraw": _ = try await h.request(.post, "/api/v1/me/verification/withdraw", token: c.token)
            case "approve": #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin).status == .noContent)
            default: #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/reject", json: #"{"reason":"不清晰"}"#, token: admin).status == .noContent)
            }
            #expect(try await h.request(.get, "/api/v1/attachments/\(c.front)", token: admin).status == .notFound)
            #expect(try await h.request(.get, "/api/v1/attachments/\(c.back)", token: admin).status == .notFound)
            // The owner still can, and the link to the verification stays for the audit trail.
            #expect(try await h.request(.get, "/api/v1/attachments/\(c.front)", token: c.token).status == .ok)
            let links = try await h.database.query("SELECT count(*) AS n FROM attachments.links WHERE entity_id = $1", [id])[0].decode(Int.self, "n")
            #expect(links == 2)
        }
    }

    @Test func anAutomaticVerificationSharesThePhotosWithNobody() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let c = try await h.candidate("user-auto-private")
            _ = try await h.startVerification(c.token)
            #expect(try await h.scan(c.token, c.front, c.back).json["status"] as? String == "verified")
            #expect(try await h.request(.get, "/api/v1/attachments/\(c.front)", token: admin).status == .notFound)
        }
    }
}
