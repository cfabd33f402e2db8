import AppTestSupport
import Console
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing
import Web

/// Issue 28: signing in on the candidates' pages (`/m`): phone and SMS code, the `/m` session cookie
/// kept apart from the console's, CSRF, security headers, the mobile layout's 404.
@Suite("Candidate pages: signing in and out", .timeLimit(.minutes(3)))
struct MobileSignInTests {
    typealias Page = ConsoleClient

    @Test func aVisitorSeesThePhoneFormWithTheSecurityHeaders() async throws {
        try await AppHarness.run { h in
            let page = try await Page.get(h, "/m/", browser: ConsoleBrowser())
            #expect(page.status == .ok)
            #expect(page.text.contains(#"id="phone""#))
            #expect(page.text.contains(#"id="send-code""#))
            #expect(!page.text.contains(#"id="sign-out""#))
            #expect(!page.text.contains("<script"))
            Page.expectSecurityHeaders(page)
        }
    }

    @Test func aBadPhoneIsShownNextToItsFieldWithTheValueKept() async throws {
        try await AppHarness.run { h in
            var browser = ConsoleBrowser()
            let page = try await Page.get(h, "/m/", browser: browser)
            browser.remember(page)
            let refused = try await Page.post(h, "/m/login/code", [("_csrf", try #require(Page.csrf(in: page))), ("phone", "1390000")], browser: browser)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"id="phone-error""#))
            #expect(refused.text.contains(#"value="1390000" required aria-invalid="true""#))
            #expect(h.sms.lastCode(to: "1390000") == nil)
        }
    }

    @Test func signingInSetsTheMobileCookieOnlyForM() async throws {
        try await AppHarness.run { h in
            let (browser, signedIn) = try await Page.mobileSignIn(h, phone: "13700137101")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/m/")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("ht_m=") })
            #expect(cookie.contains("Path=/m"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let home = try await Page.get(h, "/m/", browser: browser)
            #expect(home.status == .ok)
            #expect(home.text.contains(#"id="sign-out""#))
            Page.expectSecurityHeaders(home)
        }
    }

    @Test func neitherSurfaceAcceptsTheOthersCookie() async throws {
        try await AppHarness.run { h in
            let candidate = try await Page.candidatePages(h, phone: "13700137102")
            // The candidate's cookie jar sent to the console: no session there.
            let console = try await Page.get(h, "/console/", browser: candidate)
            #expect(console.status == .seeOther)
            #expect(console.headers[.location] == "/console/login")
            // Even the same token under the console's name: a candidate is no console user.
            let token = try #require(candidate.cookies["ht_m"])
            let renamed = try await Page.get(h, "/console/", browser: ConsoleBrowser(cookies: ["ht_console": token]))
            #expect(renamed.status == .seeOther)
            // An administrator's console cookie sent to /m: a visitor there.
            let admin = try await Page.platformConsole(h)
            #expect(admin.cookies["ht_console"] != nil)
            let mobile = try await Page.get(h, "/m/verification", browser: admin)
            #expect(mobile.status == .seeOther)
            #expect(mobile.headers[.location] == "/m/")
            let home = try await Page.get(h, "/m/", browser: admin)
            #expect(home.text.contains(#"id="send-code""#))
        }
    }

    @Test func aNewPhoneGetsACandidateAccountAsThroughTheAPI() async throws {
        try await AppHarness.run { h in
            _ = try await Page.candidatePages(h, phone: "13700137103")
            #expect(try await h.auditActions().filter { $0 == "account.create" }.count == 1)
            // The API's phone login finds the same account: no second one, no role.
            h.clock.advance(by: 120)
            let (token, _) = try await h.loginBySMS("13700137103")
            #expect(try await h.auditActions().filter { $0 == "account.create" }.count == 1)
            let me = try await h.request(.get, "/api/v1/me", token: token)
            #expect((me.json["roles"] as? [Any])?.isEmpty == true)
            #expect((me.json["loginMethods"] as? [String]) == ["phone"])
        }
    }

    @Test func signingOutRevokesTheSession() async throws {
        try await AppHarness.run { h in
            var browser = try await Page.candidatePages(h, phone: "13700137104")
            let token = try #require(browser.cookies["ht_m"])
            #expect(try await h.request(.get, "/api/v1/me", token: token).status == .ok)
            let home = try await Page.get(h, "/m/", browser: browser)
            let out = try await Page.post(h, "/m/logout", [("_csrf", try #require(Page.csrf(in: home)))], browser: browser)
            #expect(out.status == .seeOther)
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix("ht_m=;") && $0.contains("Max-Age=0") })
            // The old cookie, replayed: no session.
            let replayed = try await Page.get(h, "/m/verification", browser: ConsoleBrowser(cookies: ["ht_m": token]))
            #expect(replayed.status == .seeOther)
            #expect(try await h.request(.get, "/api/v1/me", token: token).status == .unauthorized)
            browser.remember(out)
            #expect(browser.cookies["ht_m"] == nil)
        }
    }

    @Test func aPostWithoutTheTokenIsForbidden() async throws {
        try await AppHarness.run { h in
            var browser = ConsoleBrowser()
            browser.remember(try await Page.get(h, "/m/", browser: browser))
            let code = try await Page.post(h, "/m/login/code", [("phone", "13700137105")], browser: browser)
            #expect(code.status == .forbidden)
            #expect(h.sms.lastCode(to: "13700137105") == nil)
            let signedIn = try await Page.candidatePages(h, phone: "13700137106")
            let out = try await Page.post(h, "/m/logout", [], browser: signedIn)
            #expect(out.status == .forbidden)
            #expect(try await Page.get(h, "/m/verification", browser: signedIn).status == .ok)
        }
    }

    @Test func anUnknownPathIsANotFoundPageInTheMobileLayout() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137107")
            for path in ["/m/nowhere", "/m/addresses/00000000-0000-0000-0000-000000000000"] {
                let page = try await Page.get(h, path, browser: browser)
                #expect(page.status == .notFound, "\(path)")
                #expect(page.text.contains(#"<body class="m">"#), "\(path)")
                #expect(page.text.contains("未找到"), "\(path)")
                Page.expectSecurityHeaders(page)
            }
        }
    }
}
