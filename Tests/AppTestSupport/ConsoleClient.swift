import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import NIOCore
import Testing

/// A browser's cookies, as far as the console's tests need them.
public struct ConsoleBrowser: Sendable {
    public var cookies: [String: String] = [:]

    public init(cookies: [String: String] = [:]) {
        self.cookies = cookies
    }

    public mutating func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let content = pair.count > 1 ? String(pair[1]) : ""
            if content.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = content }
        }
    }

    public var header: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }
}

/// Driving the console's pages over HTTP as a browser would: forms with the page's token, sign-in by SMS code.
public enum ConsoleClient {
    public static func csrf(in page: TestResponse) -> String? {
        guard let range = page.text.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }

    public static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    public static func post(
        _ h: AppHarness, _ path: String, _ fields: [(String, String)], browser: ConsoleBrowser, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var all = browser.header
        all[.contentType] = "application/x-www-form-urlencoded"
        for field in headers { all[field.name] = field.value }
        return try await h.client.execute(uri: path, method: .post, headers: all, body: ByteBuffer(string: form(fields)))
    }

    public static func get(_ h: AppHarness, _ path: String, browser: ConsoleBrowser, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = browser.header
        for field in headers { all[field.name] = field.value }
        return try await h.client.execute(uri: path, method: .get, headers: all)
    }

    /// Signs `phone` in through the pages; answers the browser and the last response.
    public static func signIn(_ h: AppHarness, phone: String, headers: HTTPFields = [:]) async throws -> (ConsoleBrowser, TestResponse) {
        var browser = ConsoleBrowser()
        let login = try await get(h, "/console/login", browser: browser, headers: headers)
        #expect(login.status == .ok)
        browser.remember(login)
        let token = try #require(csrf(in: login))
        let sent = try await post(h, "/console/login/code", [("_csrf", token), ("phone", phone)], browser: browser, headers: headers)
        #expect(sent.status == .ok, "\(sent.text)")
        #expect(sent.text.contains("验证码已发送"))
        let code = try #require(h.sms.lastCode(to: phone))
        let signedIn = try await post(
            h, "/console/login", [("_csrf", try #require(csrf(in: sent))), ("phone", phone), ("code", code)], browser: browser, headers: headers
        )
        browser.remember(signedIn)
        return (browser, signedIn)
    }

    /// Signs `phone` in on the candidates' pages (`/m`, issue 28) as a phone browser would; answers the
    /// browser, holding the `/m` session cookie, and the last response (303 to `/m/` on success).
    public static func mobileSignIn(_ h: AppHarness, phone: String, headers: HTTPFields = [:]) async throws -> (ConsoleBrowser, TestResponse) {
        var browser = ConsoleBrowser()
        let start = try await get(h, "/m/", browser: browser, headers: headers)
        #expect(start.status == .ok)
        browser.remember(start)
        let token = try #require(csrf(in: start))
        let sent = try await post(h, "/m/login/code", [("_csrf", token), ("phone", phone)], browser: browser, headers: headers)
        #expect(sent.status == .ok, "\(sent.text)")
        #expect(sent.text.contains("验证码已发送"))
        let code = try #require(h.sms.lastCode(to: phone))
        let signedIn = try await post(
            h, "/m/login", [("_csrf", try #require(csrf(in: sent))), ("phone", phone), ("code", code)], browser: browser, headers: headers
        )
        browser.remember(signedIn)
        return (browser, signedIn)
    }

    /// A candidate signed in on `/m` with `phone` (a new account the first time).
    public static func candidatePages(_ h: AppHarness, phone: String) async throws -> ConsoleBrowser {
        let (browser, signedIn) = try await mobileSignIn(h, phone: phone)
        #expect(signedIn.status == .seeOther, "\(signedIn.text)")
        #expect(signedIn.headers[.location] == "/m/")
        return browser
    }

    /// A platform administrator with `phone`, signed in.
    public static func platformConsole(_ h: AppHarness, phone: String = "13900139201") async throws -> ConsoleBrowser {
        _ = try await RoleAdministration(database: h.database).grant(.platformAdmin, toPhone: try #require(PhoneNumber(phone)), origin: .commandLine)
        let (browser, signedIn) = try await signIn(h, phone: phone)
        #expect(signedIn.status == .seeOther, "\(signedIn.text)")
        return browser
    }

    /// The parties of `trialParties` plus a phone that administers the same unit, signed in.
    public static func unitConsole(_ h: AppHarness, _ p: AppHarness.TrialParties, phone: String = "13900139101") async throws -> ConsoleBrowser {
        let unit = InstitutionID(try #require(UUID(uuidString: p.unit)))
        _ = try await RoleAdministration(database: h.database).grant(.unitAdmin(unit), toPhone: try #require(PhoneNumber(phone)), origin: .commandLine)
        let (browser, signedIn) = try await signIn(h, phone: phone)
        #expect(signedIn.status == .seeOther, "\(signedIn.text)")
        return browser
    }

    /// Every console answer carries these.
    public static func expectSecurityHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let policy = response.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("script-src 'self'"), sourceLocation: sourceLocation)
        #expect(!policy.contains("unsafe-inline"), sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", sourceLocation: sourceLocation)
    }
}
