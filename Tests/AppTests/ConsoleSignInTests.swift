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
    /// A browser's cookies, as far as these tests need them.
    struct Browser {
        var cookies: [String: String] = [:]

        mutating func remember(_ response: TestResponse) {
            for value in response.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0])
                let content = pair.count > 1 ? String(pair[1]) : ""
                if content.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = content }
            }
        }

        var header: HTTPFields {
            cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        }
    }

    static func csrf(in page: TestResponse) -> String? {
        guard let range = page.text.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    static func post(_ h: AppHarness, _ path: String, _ fields: [(String, String)], browser: Browser, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = browser.header
        all[.contentType] = "application/x-www-form-urlencoded"
        for field in headers { all[field.name] = field.value }
        return try await h.client.execute(uri: path, method: .post, headers: all, body: ByteBuffer(string: form(fields)))
    }

    static func get(_ h: AppHarness, _ path: String, browser: Browser, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = browser.header
        for field in headers { all[field.name] = field.value }
        return try await h.client.execute(uri: path, method: .get, headers: all)
    }

    /// Signs `phone` in through the pages; answers the browser and the last response.
    static func signIn(_ h: AppHarness, phone: String, headers: HTTPFields = [:]) async throws -> (Browser, TestResponse) {
        var browser = Browser()
        let login = try await get(h, "/console/login", browser: browser, headers: headers)
        #expect(login.status == .ok)
        browser.remember(login)
        let token = try #require(csrf(in: login))
        let sent = try await post(h, "/console/login/code", [("_csrf", token), ("phone", phone)], browser: browser, headers: headers)
        #expect(sent.status == .ok, "\(sent.text)")
        #expect(sent.text.contains("验证码已发送"))
        let code = try #require(h.sms.lastCode(to: phone))
        let signedIn = try await post(h, "/console/login", [("_csrf", try #require(csrf(in: sent))), ("phone", phone), ("code", code)], browser: browser, headers: headers)
        browser.remember(signedIn)
        return (browser, signedIn)
    }

    static func expectSecurityHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let policy = response.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("script-src 'self'"), sourceLocation: sourceLocation)
        #expect(!policy.contains("unsafe-inline"), sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", sourceLocation: sourceLocation)
    }

    @Test func aUnitAdministratorSignsInBySMSCodeAndOut() async throws {
        try await AppHarness.run { h in
            let unit = try await TestInstitutions.create("武汉市<i>控制台</i>医院", serial: 901, in: h.database)
            let phone = "13900139001"
            _ = try await RoleAdministration(database: h.database).grant(.unitAdmin(InstitutionID(unit)), toPhone: try #require(PhoneNumber(phone)), origin: .commandLine)

            let anonymous = try await Self.get(h, "/console/", browser: Browser())
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/console/login")
            Self.expectSecurityHeaders(anonymous)

            var (browser, signedIn) = try await Self.signIn(h, phone: phone)
            #expect(signedIn.status == .seeOther, "\(signedIn.text)")
            #expect(signedIn.headers[.location] == "/console/")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("ht_console=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"))  // plain HTTP here
            let home = try await Self.get(h, "/console/", browser: browser)
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            // Output is escaped: the name shows as text, never as markup.
            #expect(home.text.contains("武汉市&lt;i&gt;控制台&lt;/i&gt;医院"))
            #expect(!home.text.contains("<i>"))
            Self.expectSecurityHeaders(home)
            let login = try await h.database.query(
                "SELECT count(*)::int AS n FROM audit.events WHERE action = 'auth.login' AND details->>'method' = 'phone'"
            )[0].decode(Int.self, "n")
            #expect(login == 1)

            // Signing out needs the page's token too; then the session is gone.
            let forged = try await Self.post(h, "/console/logout", [], browser: browser)
            #expect(forged.status == .forbidden)
            Self.expectSecurityHeaders(forged)
            #expect(try await Self.get(h, "/console/", browser: browser).status == .ok)
            let out = try await Self.post(h, "/console/logout", [("_csrf", try #require(Self.csrf(in: home)))], browser: browser)
            #expect(out.status == .seeOther)
            let stale = browser
            browser.remember(out)
            #expect(browser.cookies["ht_console"] == nil)
            // The old cookie no longer works either (the session was revoked, not just forgotten).
            #expect(try await Self.get(h, "/console/", browser: stale).headers[.location] == "/console/login")
        }
    }

    /// Asks for a code through the pages; answers the page.
    static func requestCode(_ h: AppHarness, phone: String) async throws -> TestResponse {
        var browser = Browser()
        let login = try await get(h, "/console/login", browser: browser)
        browser.remember(login)
        return try await post(h, "/console/login/code", [("_csrf", try #require(csrf(in: login))), ("phone", phone)], browser: browser)
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
            let login = try await Self.get(h, "/console/login", browser: browser)
            browser.remember(login)
            let guessed = try await Self.post(
                h, "/console/login", [("_csrf", try #require(Self.csrf(in: login))), ("phone", "13900139003"), ("code", "123456")], browser: browser
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
            let login = try await Self.get(h, "/console/login", browser: browser)
            browser.remember(login)
            let pre = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("ht_console_pre=") })
            #expect(pre.contains("HttpOnly") && pre.contains("SameSite=Strict"))
            for fields in [[("phone", "13900139004")], [("_csrf", "forged"), ("phone", "13900139004")]] {
                let refused = try await Self.post(h, "/console/login/code", fields, browser: browser)
                #expect(refused.status == .forbidden)
                #expect(refused.text.contains("页面已过期"))
            }
            // A token from another browser's pre-session is no good either.
            let other = try await Self.get(h, "/console/login", browser: Browser())
            let refused = try await Self.post(h, "/console/login/code", [("_csrf", try #require(Self.csrf(in: other))), ("phone", "13900139004")], browser: browser)
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
            let login = try await Self.get(h, "/console/login", browser: browser)
            let issued = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("ht_console_pre=") }, "a new value is set")
            #expect(!issued.contains(planted))
            #expect(Self.csrf(in: login) != ConsoleSession.csrfToken(for: planted))
            let forged = try await Self.post(
                h, "/console/login/code", [("_csrf", ConsoleSession.csrfToken(for: planted)), ("phone", "13900139004")], browser: browser
            )
            #expect(forged.status == .forbidden)
            // The server's own value is kept from page to page.
            browser.remember(login)
            let again = try await Self.get(h, "/console/login", browser: browser)
            #expect(again.headers[values: .setCookie].isEmpty)
            #expect(Self.csrf(in: again) == Self.csrf(in: login))
            #expect(h.sms.sendCount == 0)
        }
    }

    @Test func theCookieIsSecureBehindATLSProxyAndAssetsAreCachedForAYear() async throws {
        try await AppHarness.run(environment: ["TRUSTED_PROXIES": "127.0.0.1/32"]) { h in
            _ = try await RoleAdministration(database: h.database).grant(.platformAdmin, toPhone: try #require(PhoneNumber("13900139005")), origin: .commandLine)
            let (browser, signedIn) = try await Self.signIn(h, phone: "13900139005", headers: [.xForwardedProto: "https"])
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("ht_console=") })
            #expect(cookie.contains("Secure"))
            let home = try await Self.get(h, "/console/", browser: browser)
            #expect(home.text.contains("实名认证人工审核"))
            let stylesheet = try #require(home.text.range(of: #"/console/assets/console-[0-9a-f]{16}\.css"#, options: .regularExpression))
            let asset = try await Self.get(h, String(home.text[stylesheet]), browser: Browser())
            #expect(asset.status == .ok)
            #expect(asset.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(asset.headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await Self.get(h, "/console/assets/console-0000000000000000.css", browser: Browser()).status == .notFound)
        }
    }
}
