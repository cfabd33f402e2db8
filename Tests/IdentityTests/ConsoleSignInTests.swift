import AppTestSupport
import Console
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import NIOCore
import Testing
import Web

/// Issue 15: the console's sign-in, session cookie, CSRF and security headers, over HTTP. (The
/// browser tests drive the same pages in Chromium.)
@Suite("Console: signing in, cookies, CSRF, headers", .timeLimit(.minutes(3)))
struct ConsoleSignInTests {
    typealias Page = ConsoleClient
    typealias Browser = ConsoleBrowser

    @Test func aUnitAdministratorSignsInBySMSCodeAndOut() async throws {
        try await AppHarness.run { h in
            let unit = try await TestInstitutions.create("武汉市<i>控制台</i>医院", serial: 901, in: h.database)
            let phone = "13900139001"
            _ = try await RoleAdministration(database: h.database).grant(.unitAdmin(InstitutionID(unit)), toPhone: try #require(PhoneNumber(phone)), origin: .commandLine)

            let anonymous = try await Page.get(h, "/console/", browser: Browser())
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/console/login")
            Page.expectSecurityHeaders(anonymous)

            var (browser, signedIn) = try await Page.signIn(h, phone: phone)
            #expect(signedIn.status == .seeOther, "\(signedIn.text)")
            #expect(signedIn.headers[.location] == "/console/")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("ht_console=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"))  // plain HTTP here
            let home = try await Page.get(h, "/console/", browser: browser)
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            // Output is escaped: the name shows as text, never as markup.
            #expect(home.text.contains("武汉市&lt;i&gt;控制台&lt;/i&gt;医院"))
            #expect(!home.text.contains("<i>"))
            Page.expectSecurityHeaders(home)
            let login = try await h.database.query(
                "SELECT count(*)::int AS n FROM audit.events WHERE action = 'auth.login' AND details->>'method' = 'phone'"
            )[0].decode(Int.self, "n")
            #expect(login == 1)

            // Signing out needs the page's token too; then the session is gone.
            let forged = try await Page.post(h, "/console/logout", [], browser: browser)
            #expect(forged.status == .forbidden)
            Page.expectSecurityHeaders(forged)
            #expect(try await Page.get(h, "/console/", browser: browser).status == .ok)
            let out = try await Page.post(h, "/console/logout", [("_csrf", try #require(Page.csrf(in: home)))], browser: browser)
            #expect(out.status == .seeOther)
            let stale = browser
            browser.remember(out)
            #expect(browser.cookies["ht_console"] == nil)
            // The old cookie no longer works either (the session was revoked, not just forgotten).
            #expect(try await Page.get(h, "/console/", browser: stale).headers[.location] == "/console/login")
        }
    }

    /// Asks for a code through the pages; answers the page.
    static func requestCode(_ h: AppHarness, phone: String) async throws -> TestResponse {
        var browser = Browser()
        let login = try await Page.get(h, "/console/login", browser: browser)
        browser.remember(login)
        return try await Page.post(h, "/console/login/code", [("_csrf", try #require(Page.csrf(in: login))), ("phone", phone)], browser: browser)
    }

    /// The sign-in form cannot send texts to anyone, nor tell who is an administrator: every phone gets
    /// the same answer and the same limits, and only an administrator's phone gets a text.
    @Test func aCandidateOrAnUnknownPhoneGetsTheSameAnswerButNoText() async throws {
        try await AppHarness.run { h in
            _ = try await h.loginBySMS("13900139002")  // a plain candidate's account
            _ = try await RoleAdministration(database: h.database).grant(.platformAdmin, toPhone: try #require(PhoneNumber("13900139006")), origin: .commandLine)
            h.clock.advance(by: 120)  // past the resend interval
            let texts = h.sms.sendCount
            var answers: [String] = []
            for phone in ["13900139002", "13900139003", "13900139006"] {
                let sent = try await Self.requestCode(h, phone: phone)
                #expect(sent.status == .ok, "\(phone)")
                let masked = try #require(PhoneNumber(phone)).masked
                answers.append(sent.text.replacingOccurrences(of: masked, with: "PHONE").replacingOccurrences(
                    of: #"name="_csrf" value="[^"]*""#, with: "", options: .regularExpression
                ).replacingOccurrences(of: #"value="\d{11}""#, with: "", options: .regularExpression))
            }
            #expect(Set(answers).count == 1, "identical pages")
            #expect(h.sms.sendCount == texts + 1, "only the administrator got a text")
            #expect(h.sms.lastCode(to: "13900139003") == nil)
            // The limits hold for every phone alike: a second request within the minute is refused.
            for phone in ["13900139003", "13900139006"] {
                #expect(try await Self.requestCode(h, phone: phone).status == .tooManyRequests, "\(phone)")
            }
            // A guessed code signs nobody in, and the unknown phone got no account.
            var browser = Browser()
            let login = try await Page.get(h, "/console/login", browser: browser)
            browser.remember(login)
            let guessed = try await Page.post(
                h, "/console/login", [("_csrf", try #require(Page.csrf(in: login))), ("phone", "13900139003"), ("code", "123456")], browser: browser
            )
            #expect(guessed.status != .seeOther)
            browser.remember(guessed)
            #expect(browser.cookies["ht_console"] == nil)
            let accounts = try await h.database.query("SELECT count(*)::int AS n FROM identity.accounts WHERE phone = '13900139003'")[0]
            #expect(try accounts.decode(Int.self, "n") == 0)
        }
    }

    @Test func aFormWithoutItsTokenIsRefused() async throws {
        try await AppHarness.run { h in
            var browser = Browser()
            let login = try await Page.get(h, "/console/login", browser: browser)
            browser.remember(login)
            let pre = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("ht_console_pre=") })
            #expect(pre.contains("HttpOnly") && pre.contains("SameSite=Strict"))
            for fields in [[("phone", "13900139004")], [("_csrf", "forged"), ("phone", "13900139004")]] {
                let refused = try await Page.post(h, "/console/login/code", fields, browser: browser)
                #expect(refused.status == .forbidden)
                #expect(refused.text.contains("页面已过期"))
            }
            // A token from another browser's pre-session is no good either.
            let other = try await Page.get(h, "/console/login", browser: Browser())
            let refused = try await Page.post(h, "/console/login/code", [("_csrf", try #require(Page.csrf(in: other))), ("phone", "13900139004")], browser: browser)
            #expect(refused.status == .forbidden)
            #expect(h.sms.sendCount == 0)
        }
    }

    /// A pre-session value someone else planted in the browser (who then knows the forms' token) is not
    /// the server's: it is replaced, and the token derived from it is refused.
    @Test func aPlantedPreSessionCookieIsReplacedAndItsTokenRefused() async throws {
        try await AppHarness.run { h in
            let planted = "attacker-chosen-value"
            var browser = Browser(cookies: [ConsoleSession.preSessionCookie: planted])
            let login = try await Page.get(h, "/console/login", browser: browser)
            let issued = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("ht_console_pre=") }, "a new value is set")
            #expect(!issued.contains(planted))
            #expect(Page.csrf(in: login) != ConsoleSession.csrfToken(for: planted))
            let forged = try await Page.post(
                h, "/console/login/code", [("_csrf", ConsoleSession.csrfToken(for: planted)), ("phone", "13900139004")], browser: browser
            )
            #expect(forged.status == .forbidden)
            // The server's own value is kept from page to page.
            browser.remember(login)
            let again = try await Page.get(h, "/console/login", browser: browser)
            #expect(again.headers[values: .setCookie].isEmpty)
            #expect(Page.csrf(in: again) == Page.csrf(in: login))
            #expect(h.sms.sendCount == 0)
        }
    }

    @Test func theCookieIsSecureBehindATLSProxyAndAssetsAreCachedForAYear() async throws {
        try await AppHarness.run(environment: ["TRUSTED_PROXIES": "127.0.0.1/32"]) { h in
            _ = try await RoleAdministration(database: h.database).grant(.platformAdmin, toPhone: try #require(PhoneNumber("13900139005")), origin: .commandLine)
            let (browser, signedIn) = try await Page.signIn(h, phone: "13900139005", headers: [.xForwardedProto: "https"])
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("ht_console=") })
            #expect(cookie.contains("Secure"))
            let home = try await Page.get(h, "/console/", browser: browser)
            #expect(home.text.contains("实名认证人工审核"))
            let stylesheet = try #require(home.text.range(of: #"/console/assets/console-[0-9a-f]{16}\.css"#, options: .regularExpression))
            let asset = try await Page.get(h, String(home.text[stylesheet]), browser: Browser())
            #expect(asset.status == .ok)
            #expect(asset.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(asset.headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await Page.get(h, "/console/assets/console-0000000000000000.css", browser: Browser()).status == .notFound)
        }
    }
}
