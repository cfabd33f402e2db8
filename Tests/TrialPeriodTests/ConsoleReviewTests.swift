import AppTestSupport
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing
import Web

/// Issue 15: 试用期审核 in the console, over HTTP, through the same service as the API.
@Suite("Console: the unit's trial review", .timeLimit(.minutes(3)))
struct ConsoleReviewTests {
    typealias Page = ConsoleClient


    @Test func theUnitReturnsWithAReasonAndThenApprovesTheResubmission() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let browser = try await ConsoleClient.unitConsole(h, p)
            let base = "/console/units/\(p.unit)/trial-applications"

            let list = try await Page.get(h, base, browser: browser)
            #expect(list.status == .ok)
            #expect(list.text.contains("\(base)/\(id)"))
            #expect(list.text.contains("待审核"))
            #expect(!list.text.contains("id=\"next-page\""))  // one declaration: no next page

            let detail = try await Page.get(h, "\(base)/\(id)", browser: browser)
            #expect(detail.status == .ok, "\(detail.text)")
            #expect(detail.text.contains("进度详情"))
            #expect(detail.text.contains(p.unitName))
            #expect(!detail.text.contains("id=\"action-error\""))
            let csrf = try #require(Page.csrf(in: detail))

            // A return needs a reason: the page says so and nothing changes.
            let blank = try await Page.post(h, "\(base)/\(id)/return", [("_csrf", csrf), ("reason", "  ")], browser: browser)
            #expect(blank.status == .unprocessableContent)
            #expect(blank.text.contains("id=\"action-error\""))
            #expect(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json["status"] as? String == "submitted")

            let returned = try await Page.post(h, "\(base)/\(id)/return", [("_csrf", csrf), ("reason", "毕业证书编号有误")], browser: browser)
            #expect(returned.status == .seeOther)
            // Nothing else waits: the list, saying what was done.
            #expect(returned.headers[.location] == "\(base)?status=submitted&done=returned&of=\(id)")
            let told = try await Page.get(h, try #require(returned.headers[.location]), browser: browser)
            #expect(told.text.contains("id=\"notice\">已将 王小明 的试用期申报退回修改。"), "\(told.text)")
            let candidateView = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json
            #expect(candidateView["status"] as? String == "returned")
            let events = try await h.database.query(
                "SELECT count(*)::int AS n FROM audit.events WHERE action = 'trial.application.return' AND details->>'reason' = '毕业证书编号有误'"
            )[0].decode(Int.self, "n")
            #expect(events == 1)

            // The candidate resubmits through the API; the administrator approves in the console.
            let version = try #require(candidateView["version"] as? Int)
            let resubmitted = try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":\#(version)}"#, token: p.candidate)
            #expect(resubmitted.status == .ok, "\(resubmitted.text)")
            let again = try await Page.get(h, "\(base)/\(id)", browser: browser)
            #expect(again.text.contains("毕业证书编号有误"))  // the timeline shows the reason
            let approved = try await Page.post(h, "\(base)/\(id)/approve", [("_csrf", try #require(Page.csrf(in: again)))], browser: browser)
            #expect(approved.status == .seeOther)
            #expect(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json["status"] as? String == "approved")
            let toldAgain = try await Page.get(h, try #require(approved.headers[.location]), browser: browser)
            #expect(toldAgain.text.contains("已审核通过 王小明 的试用期申报。"), "\(toldAgain.text)")
            // A notice names only the unit's own declarations: a crafted link says nothing.
            let crafted = try await Page.get(h, "\(base)?status=submitted&done=approved&of=\(UUID())", browser: browser)
            #expect(!crafted.text.contains("id=\"notice\""))
        }
    }

    /// Every previous institution decided, one refused: approval is blocked with the way on, a return,
    /// offered with the reason filled in.
    @Test func aRefusedPreviousInstitutionOffersTheReturnInsteadOfASilentBlock() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let body = AppHarness.declarationBody(version: 1, unitName: p.unitName, entries: [
                AppHarness.entry("武汉市第三医院", start: "2024-07-01", end: "2025-07-31", current: false),
                AppHarness.entry(p.unitName, start: "2025-08-01", end: nil, current: true),
            ])
            #expect(try await h.saveAndSubmit(p.candidate, id, body: body).status == .ok)
            let browser = try await ConsoleClient.unitConsole(h, p)
            let base = "/console/units/\(p.unit)/trial-applications"
            let detail = try await Page.get(h, "\(base)/\(id)", browser: browser)
            let refused = try await Page.post(
                h, "\(base)/\(id)/trial-institutions/0/confirm", [("_csrf", try #require(Page.csrf(in: detail))), ("confirmed", "false"), ("note", "查无此人")],
                browser: browser
            )
            #expect(refused.status == .seeOther, "\(refused.text)")
            let page = try await Page.get(h, "\(base)/\(id)", browser: browser)
            let blocked = try await Page.post(h, "\(base)/\(id)/approve", [("_csrf", try #require(Page.csrf(in: page)))], browser: browser)
            #expect(blocked.status == .conflict)
            #expect(blocked.text.contains("请退回申报"), "\(blocked.text)")
            #expect(!blocked.text.contains("请先确认考生填写的全部前试用机构"))
            #expect(blocked.text.contains("id=\"offer-return\""))
            #expect(blocked.text.contains("前试用机构“武汉市第三医院”未予确认：查无此人</textarea>"), "the return's reason is filled in")
            let api = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken)
            #expect(api.json["code"] as? String == "previous_institution_refused")
        }
    }

    @Test func anotherUnitsAdministratorGetsNotFoundAndACandidateCannotEnter() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let other = try await h.trialParties(unitName: "武汉市第二医院", serial: 2, admin: p.admin)
            let browser = try await ConsoleClient.unitConsole(h, other, phone: "13900139102")
            let mine = "/console/units/\(other.unit)/trial-applications"
            #expect(try await Page.get(h, mine, browser: browser).status == .ok)
            for path in ["/console/units/\(p.unit)/trial-applications", "/console/units/\(p.unit)/trial-applications/\(id)", "\(mine)/\(id)"] {
                let refused = try await Page.get(h, path, browser: browser)
                #expect(refused.status == .notFound, "\(path)")
                #expect(refused.text.contains("未找到"))
            }
            let csrf = try #require(Page.csrf(in: try await Page.get(h, mine, browser: browser)))
            let forged = try await Page.post(h, "/console/units/\(p.unit)/trial-applications/\(id)/approve", [("_csrf", csrf)], browser: browser)
            #expect(forged.status == .notFound)
            #expect(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: p.candidate).json["status"] as? String == "submitted")
        }
    }
}
