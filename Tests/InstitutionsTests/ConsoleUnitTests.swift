import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 15: a unit's home page (dashboard) and 单位信息 in the console.
@Suite("Console: the unit's home and 单位信息", .timeLimit(.minutes(3)))
struct ConsoleUnitTests {
    typealias Page = ConsoleClient

    @Test func theHomeShowsTheCycleAndCountsLinkingToTheLists() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            _ = try await h.submittedDeclaration(p)
            let browser = try await ConsoleClient.unitConsole(h, p)
            let signedIn = try await Page.get(h, "/console/", browser: browser)
            #expect(signedIn.text.contains("href=\"/console/units/\(p.unit)\""))
            let home = try await Page.get(h, "/console/units/\(p.unit)", browser: browser)
            #expect(home.status == .ok, "\(home.text)")
            #expect(home.text.contains(p.unitName))
            #expect(home.text.contains("id=\"trial-panel\"") && home.text.contains("id=\"record-panel\""))
            #expect(home.text.contains("单位审核截止"))
            // One submitted declaration: the 待审核 count links to the filtered list.
            let link = "/console/units/\(p.unit)/trial-applications?status=submitted&amp;cycle=2026"
            #expect(home.text.contains("<a href=\"\(link)\">待审核</a><br><strong>1</strong>"), "\(home.text)")
            // The bound candidate has no exam information yet: 单位未填报 1, linking to that list.
            #expect(home.text.contains("&amp;status=not_entered\">单位未填报</a><br><strong>1</strong>"), "\(home.text)")
        }
    }

    @Test func theAdministratorRotatesTheCodeAfterConfirmingAndManagesStaffAndAdministrators() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await ConsoleClient.unitConsole(h, p)
            let base = "/console/units/\(p.unit)"
            let info = try await Page.get(h, base + "/info", browser: browser)
            #expect(info.status == .ok)
            let old = try await h.confirmationCode(of: p.unit, token: p.unitToken)
            #expect(info.text.contains("<strong id=\"confirmation-code\">\(old)</strong>"))
            #expect(info.text.contains("王小明"))  // the bound candidate

            let step = try await Page.get(h, base + "/confirmation-code/rotate", browser: browser)
            #expect(step.text.contains("确定更换"))
            #expect(try await h.confirmationCode(of: p.unit, token: p.unitToken) == old)  // showing the step changes nothing
            let rotated = try await Page.post(h, base + "/confirmation-code/rotate", [("_csrf", try #require(Page.csrf(in: step)))], browser: browser)
            #expect(rotated.status == .seeOther)
            let new = try await h.confirmationCode(of: p.unit, token: p.unitToken)
            #expect(new != old)
            #expect(try await Page.get(h, base + "/info", browser: browser).text.contains(new))

            // The candidate becomes an administrator, then is revoked; the phone administrator stays.
            let csrf = try #require(Page.csrf(in: info))
            let added = try await Page.post(h, base + "/admins", [("_csrf", csrf), ("accountId", p.account)], browser: browser)
            #expect(added.status == .seeOther)
            let admins = try await h.request(.get, "/api/v1/units/\(p.unit)/admins", token: p.unitToken).json["items"] as? [[String: Any]]
            #expect(admins?.contains { $0["accountId"] as? String == p.account } == true)
            let revoked = try await Page.post(h, base + "/admins/\(p.account)/revoke", [("_csrf", csrf)], browser: browser)
            #expect(revoked.status == .seeOther)

            // Ending a binding needs a reason; then the candidate is unbound.
            let blank = try await Page.post(h, base + "/staff/\(p.account)/end", [("_csrf", csrf), ("reason", "")], browser: browser)
            #expect(blank.status == .unprocessableContent)
            #expect(blank.text.contains("id=\"action-error\""))
            #expect(try await h.request(.get, "/api/v1/me/employment", token: p.candidate).json["current"] is [String: Any])
            let ended = try await Page.post(h, base + "/staff/\(p.account)/end", [("_csrf", csrf), ("reason", "已离职")], browser: browser)
            #expect(ended.status == .seeOther)
            #expect(try await h.request(.get, "/api/v1/me/employment", token: p.candidate).json["current"] is NSNull)
        }
    }

    @Test func theLastAdministratorCannotBeRevoked() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await ConsoleClient.unitConsole(h, p)
            let base = "/console/units/\(p.unit)"
            let csrf = try #require(Page.csrf(in: try await Page.get(h, base + "/info", browser: browser)))
            let admins = try #require(try await h.request(.get, "/api/v1/units/\(p.unit)/admins", token: p.unitToken).json["items"] as? [[String: Any]])
            #expect(admins.count == 2)  // the registrant and the phone administrator
            // The registrant first (revoking oneself first would end one's own access to the page).
            let registrant = try #require(try await h.request(.get, "/api/v1/me", token: p.unitToken).json["id"] as? String)
            let first = registrant
            let second = try #require(admins.compactMap { $0["accountId"] as? String }.first { $0 != registrant })
            #expect(try await Page.post(h, base + "/admins/\(first)/revoke", [("_csrf", csrf)], browser: browser).status == .seeOther)
            let last = try await Page.post(h, base + "/admins/\(second)/revoke", [("_csrf", csrf)], browser: browser)
            #expect(last.status == .conflict)
            #expect(last.text.contains("id=\"action-error\""))
        }
    }

    @Test func theConsoleMakesOnlyTheUnitsBoundStaffAdministrators() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await ConsoleClient.unitConsole(h, p)
            let base = "/console/units/\(p.unit)"
            let csrf = try #require(Page.csrf(in: try await Page.get(h, base + "/info", browser: browser)))
            let (_, stranger) = try await h.verifiedCandidate("user-console-stranger", serial: 42, name: "吴医生")
            let refused = try await Page.post(h, base + "/admins", [("_csrf", csrf), ("accountId", stranger)], browser: browser)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"action-error\""))
            let admins = try #require(try await h.request(.get, "/api/v1/units/\(p.unit)/admins", token: p.unitToken).json["items"] as? [[String: Any]])
            #expect(!admins.contains { $0["accountId"] as? String == stranger })
        }
    }
}
