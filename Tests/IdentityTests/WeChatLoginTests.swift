import AsyncHTTPClient
import AppTestSupport
import Foundation
import HTTPTypes
import Identity
import Logging
import Testing

@Suite("WeChat login (微信授权登录)", .timeLimit(.minutes(3)))
struct WeChatLoginTests {
    @Test func logInUseTheTokenAndLogOut() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            let login = try await h.request(.post, "/api/v1/auth/wechat", json: #"{"code":"user-zhang"}"#)
            #expect(login.status == .ok)
            #expect(!login.text.contains(WeChatStub.sessionKey))
            #expect(!login.text.contains("openid"))
            let (token, account) = try AppHarness.session(login)
            #expect(token.count == 43)
            #expect(login.json["idleTimeoutSeconds"] as? Int == 1800)

            let me = try await h.request(.get, "/api/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(me.json["id"] as? String == account)
            #expect(me.json["loginMethods"] as? [String] == ["wechat"])
            #expect((me.json["verification"] as? [String: Any])?["status"] as? String == "unverified")
            #expect(me.json.keys.contains("employment"))

            // The same WeChat user reaches the same account, with a new token.
            let again = try await h.loginByWeChat("user-zhang")
            #expect(again.account == account)
            #expect(again.token != token)

            #expect(try await h.request(.post, "/api/v1/auth/logout", token: token).status == .noContent)
            #expect(try await h.request(.get, "/api/v1/me", token: token).status == .unauthorized)
            // Logging out one session leaves the other alone.
            #expect(try await h.request(.get, "/api/v1/me", token: again.token).status == .ok)

            #expect(try await h.auditActions() == ["account.create", "auth.login", "auth.login", "auth.logout"])
            let logs = h.app.sink.lines.joined(separator: "\n")
            #expect(!logs.contains(token))
            #expect(!logs.contains(WeChatStub.sessionKey))
            #expect(!logs.contains(WeChatStub.appSecret))
        }
    }

    @Test(arguments: [
        ("invalid", 401, "wechat_code_invalid"),
        ("used", 401, "wechat_code_invalid"),
        ("limited", 429, "wechat_rate_limited"),
        ("risky", 403, "wechat_login_refused"),
        ("busy", 503, "upstream_unavailable"),
    ])
    func weChatErrorsBecomeClearProblems(code: String, status: Int, problem: String) async throws {
        try await AppHarness.run(providers: .stubs) { h in
            let response = try await h.request(.post, "/api/v1/auth/wechat", json: #"{"code":"\#(code)"}"#)
            #expect(Int(response.status.code) == status)
            #expect(response.json["code"] as? String == problem)
            #expect((response.json["title"] as? String)?.isEmpty == false)
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            // Only "system busy" is retried, exactly once.
            #expect(h.wechat?.callCount(for: code) == (code == "busy" ? 2 : 1))
            #expect(try await h.auditActions() == [])
        }
    }

    @Test func aBusyWeChatIsRetriedOnce() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            let response = try await h.request(.post, "/api/v1/auth/wechat", json: #"{"code":"busy-once"}"#)
            #expect(response.status == .ok)
            #expect(h.wechat?.callCount(for: "busy-once") == 2)
        }
    }

    @Test func anUnreachableWeChatIs503() async throws {
        try await AppHarness.run(providers: .stubs, environment: ["WECHAT_API_BASE_URL": "http://127.0.0.1:1"]) { h in
            let response = try await h.request(.post, "/api/v1/auth/wechat", json: #"{"code":"user-a"}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(response.json["code"] as? String == "upstream_unavailable")
        }
    }

    @Test func aSilentWeChatTimesOut() async throws {
        let silent = try SilentPort()
        let client = LiveWeChatLoginClient(
            http: HTTPClient.shared, baseURL: URL(string: "http://127.0.0.1:\(silent.port)")!, appID: WeChatStub.appID,
            appSecret: WeChatStub.appSecret, logger: Logger(label: "test"), timeout: .milliseconds(300)
        )
        let started = ContinuousClock.now
        await #expect(throws: WeChatLoginError.unavailable("unreachable")) { try await client.exchange(code: "user-a") }
        #expect(ContinuousClock.now - started < .seconds(15))  // without the timeout it would wait for ever
    }

    @Test func aMissingOrEmptyCodeIsAValidationProblem() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            let empty = try await h.request(.post, "/api/v1/auth/wechat", json: #"{"code":"  "}"#)
            #expect(empty.status == .unprocessableContent)
            let missing = try await h.request(.post, "/api/v1/auth/wechat", json: #"{}"#)
            #expect(missing.status == .unprocessableContent)
            #expect((missing.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "code")
            #expect(h.wechat?.callCount(for: "") == 0)
        }
    }
}
