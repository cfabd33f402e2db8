import AppTestSupport
import Foundation
import HTTPTypes
import Testing

/// Issue 26, item 3 in the console: the undo of 允许修改 is a button on the declaration, and the unit's
/// home and list keep the cycle under review between the window's close and the review deadline.
@Suite("Console: the review period and undoing 允许修改", .timeLimit(.minutes(3)))
struct ConsoleDeadlineTests {
    typealias Page = ConsoleClient

    @Test func theDeclarationPageUndoesAnUnchangedReopening() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let api = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            #expect(try await h.request(.post, api + "/approve", token: p.unitToken).status == .ok)
            #expect(try await h.request(.post, api + "/allow-modification", json: #"{"reason":"可更正"}"#, token: p.unitToken).status == .ok)
            let browser = try await ConsoleClient.unitConsole(h, p)
            let base = "/console/units/\(p.unit)/trial-applications"

            let detail = try await Page.get(h, "\(base)/\(id)", browser: browser)
            #expect(detail.text.contains("id=\"undo-modification\""), "\(detail.text)")
            #expect(detail.text.contains("action=\"\(base)/\(id)/allow-modification/undo\""))
            let undone = try await Page.post(h, "\(base)/\(id)/allow-modification/undo", [("_csrf", try #require(Page.csrf(in: detail)))], browser: browser)
            #expect(undone.status == .seeOther, "\(undone.text)")
            #expect(undone.headers[.location] == "\(base)/\(id)?done=modification_undone&of=\(id)")
            let told = try await Page.get(h, try #require(undone.headers[.location]), browser: browser)
            #expect(told.text.contains("id=\"notice\">已撤销对 王小明 的“允许修改”，申报恢复为审核通过。"), "\(told.text)")
            #expect(told.text.contains("撤销允许修改，恢复为审核通过"))  // the timeline
            #expect(!told.text.contains("id=\"undo-modification\""))
            #expect(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json["status"] as? String == "approved")

            // Reopened again and edited by the candidate: no button, and a forged post is refused on the page.
            #expect(try await h.request(.post, api + "/allow-modification", json: #"{"reason":"再次更正"}"#, token: p.unitToken).status == .ok)
            let version = try #require(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json["version"] as? Int)
            let edited = try await h.request(
                .put, "/api/v1/trial/applications/\(id)", json: AppHarness.declarationBody(version: version, unitName: p.unitName), token: p.candidate
            )
            #expect(edited.status == .ok)
            let again = try await Page.get(h, "\(base)/\(id)", browser: browser)
            #expect(!again.text.contains("id=\"undo-modification\""))
            let refused = try await Page.post(h, "\(base)/\(id)/allow-modification/undo", [("_csrf", try #require(Page.csrf(in: again)))], browser: browser)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("id=\"action-error\""))
            #expect(refused.text.contains("考生已修改申报"))
        }
    }

    @Test func theHomeAndListKeepTheCycleUnderReviewUntilItsDeadline() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let closesAt = try #require(ISO8601DateFormatter().date(from: "2026-06-30T23:59:59+08:00"))
            let reviewDeadline = try #require(ISO8601DateFormatter().date(from: "2026-07-31T23:59:59+08:00"))
            h.clock.advance(by: closesAt.timeIntervalSince(h.clock.now()) + 1)
            let browser = try await ConsoleClient.unitConsole(h, p)
            let home = try await Page.get(h, "/console/units/\(p.unit)", browser: browser)
            #expect(home.text.contains("2026 年申报"), "\(home.text)")
            #expect(home.text.contains("id=\"review-period\""))
            let link = "/console/units/\(p.unit)/trial-applications?status=submitted&amp;cycle=2026"
            #expect(home.text.contains("<a href=\"\(link)\">待审核</a><br><strong>1</strong>"), "\(home.text)")
            let list = try await Page.get(h, "/console/units/\(p.unit)/trial-applications", browser: browser)
            #expect(list.text.contains("/console/units/\(p.unit)/trial-applications/\(id)"))

            h.clock.advance(by: reviewDeadline.timeIntervalSince(h.clock.now()))
            let later = try await ConsoleClient.unitConsole(h, p, phone: "13900139102")
            let over = try await Page.get(h, "/console/units/\(p.unit)", browser: later)
            #expect(over.text.contains("当前没有开放或审核中的申报周期"), "\(over.text)")
            #expect(!over.text.contains("id=\"review-period\""))
        }
    }
}
