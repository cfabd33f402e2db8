import AppTestSupport
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing
import Web

/// Issue 15: 实名认证人工审核 in the console: photos beside what was entered, approve or reject, next.
@Suite("Console: the platform's real-name review", .timeLimit(.minutes(3)))
struct ConsoleVerificationTests {
    typealias Page = ConsoleClient


    @Test func theReviewerSeesThePhotosBesideTheNumberAndDecides() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let first = try await h.pendingReview("user-manual-1", adminToken: admin)
            let second = try await h.pendingReview("user-manual-2", adminToken: admin)
            let browser = try await ConsoleClient.platformConsole(h)

            let queue = try await Page.get(h, "/console/platform/verifications", browser: browser)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("/console/platform/verifications/\(first.id)"))
            #expect(!queue.text.contains("E12345678"))  // the queue shows numbers masked

            let page = try await Page.get(h, "/console/platform/verifications/\(first.id)", browser: browser)
            #expect(page.status == .ok)
            #expect(page.text.contains("John Smith"))
            #expect(page.text.contains("E12345678"))
            for photo in [first.candidate.front, first.candidate.back] {
                #expect(page.text.contains("<img src=\"/console/attachments/\(photo)\""))
                let image = try await Page.get(h, "/console/attachments/\(photo)", browser: browser)
                #expect(image.status == .ok)
                #expect(image.headers[.contentType] == "image/jpeg")
                #expect(image.headers[.contentDisposition]?.hasPrefix("inline") == true)
            }

            // Rejecting needs a reason; then the reviewer goes on to the next one.
            let csrf = try #require(Page.csrf(in: page))
            let blank = try await Page.post(h, "/console/platform/verifications/\(first.id)/reject", [("_csrf", csrf), ("reason", "")], browser: browser)
            #expect(blank.status == .unprocessableContent)
            #expect(blank.text.contains("id=\"action-error\""))
            let approved = try await Page.post(h, "/console/platform/verifications/\(first.id)/approve", [("_csrf", csrf)], browser: browser)
            #expect(approved.status == .seeOther)
            #expect(approved.headers[.location] == "/console/platform/verifications/\(second.id)")
            #expect(try await h.request(.get, "/api/v1/me/verification", token: first.candidate.token).json["status"] as? String == "verified")
            let decided = try await Page.get(h, "/console/platform/verifications/\(first.id)", browser: browser)
            #expect(decided.status == .notFound)
            // After the decision the photos are no longer shared with the platform's administrators.
            #expect(try await Page.get(h, "/console/attachments/\(first.candidate.front)", browser: browser).status == .notFound)

            let rejected = try await Page.post(h, "/console/platform/verifications/\(second.id)/reject", [("_csrf", csrf), ("reason", "证件照片模糊")], browser: browser)
            #expect(rejected.headers[.location] == "/console/platform/verifications")
            #expect(try await h.request(.get, "/api/v1/me/verification", token: second.candidate.token).json["status"] as? String == "rejected")
        }
    }

    @Test func aUnitAdministratorCannotOpenThePlatformsPages() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await ConsoleClient.unitConsole(h, p)
            let refused = try await Page.get(h, "/console/platform/verifications", browser: browser)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("没有权限"))
        }
    }
}
