import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import App

/// The whole server on a real socket, with WeChat and Tencent Cloud SMS replaced by stub servers on
/// 127.0.0.1 and a clock the test moves.
struct IdentityHarness: Sendable {
    let client: any TestClientProtocol
    let clock: ManualClock
    let wechat: WeChatStub
    let sms: TencentSMSStub
    let faceID: FaceIDStub
    let app: TestApp
    let database: Database

    static func run(
        environment extra: [String: String] = [:], smsSecretKey: String = TencentSMSStub.secretKey,
        extraRoutes: @escaping @Sendable (BuiltRoutes) -> Void = { _ in },
        _ body: @escaping @Sendable (IdentityHarness) async throws -> Void
    ) async throws {
        try await TestDatabase.with { setup async throws in
            let clock = ManualClock()
            let wechat = WeChatStub()
            let sms = TencentSMSStub(now: { clock.now() })
            let faceID = FaceIDStub(now: { clock.now() })
            let database = setup.database
            try await withStubServer(wechat.router) { wechatURL in
                try await withStubServer(sms.router) { smsURL in
                  try await withStubServer(faceID.router) { faceIDURL in
                    var environment = TencentSMSStub.environment(baseURL: smsURL, secretKey: smsSecretKey)
                    environment["ID_VERIFIER"] = "tencent"
                    environment["TENCENTCLOUD_FACEID_ENDPOINT"] = faceIDURL
                    environment["WECHAT_API_BASE_URL"] = wechatURL
                    environment["WECHAT_APP_ID"] = WeChatStub.appID
                    environment["WECHAT_APP_SECRET"] = WeChatStub.appSecret
                    environment.merge(extra) { _, new in new }
                    let testApp = TestApp()
                    let app = try testApp.make(environment: environment, database: database, clock: clock, extraRoutes: extraRoutes)
                    try await app.test(.live) { client in
                        try await body(IdentityHarness(client: client, clock: clock, wechat: wechat, sms: sms, faceID: faceID, app: testApp, database: database))
                    }
                  }
                }
            }
        }
    }

    // MARK: Requests

    func request(_ method: HTTPRequest.Method, _ path: String, json: String? = nil, token: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if json != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func sendCode(to phone: String) async throws -> TestResponse {
        try await request(.post, "/api/v1/auth/sms", json: #"{"phone":"\#(phone)"}"#)
    }

    func submitCode(_ code: String, for phone: String) async throws -> TestResponse {
        try await request(.post, "/api/v1/auth/phone", json: #"{"phone":"\#(phone)","code":"\#(code)"}"#)
    }

    /// Logs in by SMS and answers the token and account id.
    func loginBySMS(_ phone: String) async throws -> (token: String, account: String) {
        let sent = try await sendCode(to: phone)
        #expect(sent.status == .accepted, "sending a code failed: \(sent.text)")
        let code = try #require(sms.lastCode(to: phone))
        let login = try await submitCode(code, for: phone)
        #expect(login.status == .ok, "login failed: \(login.text)")
        return try Self.session(login)
    }

    func loginByWeChat(_ code: String) async throws -> (token: String, account: String) {
        let login = try await request(.post, "/api/v1/auth/wechat", json: #"{"code":"\#(code)"}"#)
        #expect(login.status == .ok, "login failed: \(login.text)")
        return try Self.session(login)
    }

    static func session(_ response: TestResponse) throws -> (token: String, account: String) {
        let json = response.json
        let token = try #require(json["token"] as? String)
        let account = try #require((json["account"] as? [String: Any])?["id"] as? String)
        return (token, account)
    }

    /// Audit actions recorded so far, oldest first.
    func auditActions() async throws -> [String] {
        try await database.query("SELECT action FROM audit.events ORDER BY id").map { try $0.decode(String.self, "action") }
    }
}
