import App
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Attachments
import Identity
import Institutions
import Synchronization
import Postgres
import TestSupport
import Testing
import TrialPeriod
import Web

/// The whole server on a real socket, against its own database cloned from the template, with a clock
/// the test moves. Outside services are in-process fakes unless a suite that tests the HTTP clients
/// asks for `.stubs`: then WeChat and Tencent Cloud are stub servers on 127.0.0.1 and the real clients
/// talk to them.
public struct AppHarness: Sendable {
    public enum Providers: Sendable {
        case fakes
        case stubs
    }

    public let client: any TestClientProtocol
    public let clock: ManualClock
    public let sms: any SMSRecorder
    public let faceID: any VerifierRecorder
    /// Set with `.stubs` only.
    public let wechat: WeChatStub?
    public let app: TestApp
    public let database: Database
    /// The modules the wiring built, for what a test must reach below HTTP.
    public let identity: IdentityModule
    public let attachments: AttachmentsModule
    public let institutions: InstitutionsModule
    public let trial: TrialPeriodModule
    /// This application's metrics registry (each harness has its own, so counts are exact).
    public let metrics: ServerMetrics

    public static func run(
        providers: Providers = .fakes, environment extra: [String: String] = [:], smsSecretKey: String = TencentCloudStub.secretKey,
        extraRoutes: @escaping @Sendable (BuiltRoutes) -> Void = { _ in }, blobWriter: BlobFileWriter = .live,
        _ body: @escaping @Sendable (AppHarness) async throws -> Void
    ) async throws {
        try await TestDatabase.with { setup async throws in
            let clock = ManualClock()
            let testApp = TestApp()
            let built = Mutex<(IdentityModule, AttachmentsModule, InstitutionsModule, TrialPeriodModule, ServerMetrics)?>(nil)
            let recordingRoutes: @Sendable (BuiltRoutes) -> Void = { routes in
                built.withLock { $0 = (routes.identity, routes.attachments, routes.institutions, routes.trial, routes.metrics) }
                extraRoutes(routes)
            }
            @Sendable func modules() throws -> (IdentityModule, AttachmentsModule, InstitutionsModule, TrialPeriodModule, ServerMetrics) { try #require(built.withLock { $0 }) }
            switch providers {
            case .fakes:
                let sms = FakeSMSGateway()
                let verifier = FakeIDVerifier()
                let app = try testApp.make(environment: extra, database: setup.database, clock: clock, extraRoutes: recordingRoutes) { _ in
                    var dependencies = Dependencies(clock: clock, wechat: FakeWeChatLoginClient(), sms: sms, idVerifier: verifier, fileIO: TestApp.fileIO)
                    dependencies.blobWriter = blobWriter
                    return dependencies
                }
                try await app.test(.live) { client in
                    let (identity, attachments, institutions, trial, metrics) = try modules()
                    try await body(AppHarness(
                        client: client, clock: clock, sms: sms, faceID: verifier, wechat: nil, app: testApp, database: setup.database,
                        identity: identity, attachments: attachments, institutions: institutions, trial: trial, metrics: metrics
                    ))
                }
            case .stubs:
                let wechat = WeChatStub()
                let tencent = TencentCloudStub(now: { clock.now() })
                try await withStubServer(wechat.router) { wechatURL in
                    try await withStubServer(tencent.router) { tencentURL in
                        var environment = TencentCloudStub.environment(baseURL: tencentURL, secretKey: smsSecretKey)
                        environment["WECHAT_API_BASE_URL"] = wechatURL
                        environment["WECHAT_APP_ID"] = WeChatStub.appID
                        environment["WECHAT_APP_SECRET"] = WeChatStub.appSecret
                        environment.merge(extra) { _, new in new }
                        let app = try testApp.make(environment: environment, database: setup.database, clock: clock, extraRoutes: recordingRoutes) { configuration in
                            Dependencies.live(configuration: configuration, clock: clock, fileIO: TestApp.fileIO, logger: testApp.logger)
                        }
                        try await app.test(.live) { client in
                            let (identity, attachments, institutions, trial, metrics) = try modules()
                            try await body(AppHarness(
                                client: client, clock: clock, sms: tencent, faceID: tencent, wechat: wechat, app: testApp, database: setup.database,
                                identity: identity, attachments: attachments, institutions: institutions, trial: trial, metrics: metrics
                            ))
                        }
                    }
                }
            }
        }
    }

    // MARK: Requests

    public func request(_ method: HTTPRequest.Method, _ path: String, json: String? = nil, token: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if json != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    public func sendCode(to phone: String) async throws -> TestResponse {
        try await request(.post, "/api/v1/auth/sms", json: #"{"phone":"\#(phone)"}"#)
    }

    public func submitCode(_ code: String, for phone: String) async throws -> TestResponse {
        try await request(.post, "/api/v1/auth/phone", json: #"{"phone":"\#(phone)","code":"\#(code)"}"#)
    }

    /// Logs in by SMS and answers the token and account id.
    public func loginBySMS(_ phone: String) async throws -> (token: String, account: String) {
        let sent = try await sendCode(to: phone)
        #expect(sent.status == .accepted, "sending a code failed: \(sent.text)")
        let code = try #require(sms.lastCode(to: phone))
        let login = try await submitCode(code, for: phone)
        #expect(login.status == .ok, "login failed: \(login.text)")
        return try Self.session(login)
    }

    public func loginByWeChat(_ code: String) async throws -> (token: String, account: String) {
        let login = try await request(.post, "/api/v1/auth/wechat", json: #"{"code":"\#(code)"}"#)
        #expect(login.status == .ok, "login failed: \(login.text)")
        return try Self.session(login)
    }

    public static func session(_ response: TestResponse) throws -> (token: String, account: String) {
        let json = response.json
        let token = try #require(json["token"] as? String)
        let account = try #require((json["account"] as? [String: Any])?["id"] as? String)
        return (token, account)
    }

    /// Audit actions recorded so far, oldest first.
    public func auditActions() async throws -> [String] {
        try await database.query("SELECT action FROM audit.events ORDER BY id").map { try $0.decode(String.self, "action") }
    }
}

extension AppHarness {
    /// Runs `body` while a transaction of the test holds a lock every audit insert waits for, so a test
    /// can catch a request in its handler, before it answers; the inserts go on once `body` returns.
    public func withAuditInsertsWaiting(_ body: () async throws -> Void) async throws {
        let (released, release) = AsyncStream<Void>.makeStream()
        let database = database
        let holder = Task {
            try await database.transaction { connection in
                try await connection.execute("LOCK TABLE audit.events IN SHARE ROW EXCLUSIVE MODE")
                for await _ in released {}
            }
        }
        do {
            let locked = try await RawHTTP.eventually { try await locks(granted: true) > 0 }
            try #require(locked, "the test could not lock the audit table")
            try await body()
        } catch {
            release.finish()
            _ = try? await holder.value
            throw error
        }
        release.finish()
        try await holder.value
    }

    /// Sends `request` on a connection of its own, lets it reach its handler's audit insert, resets the
    /// connection there and returns once the server has closed its end: the handler then goes on to an
    /// answer whose head cannot be written.
    public func leaveWhileHandled(_ request: String) async throws {
        let client = try await AbortingClient(port: try #require(self.client.port))
        try await withAuditInsertsWaiting {
            try await client.send(request)
            #expect(try await RawHTTP.eventually { try await auditInsertIsWaiting() }, "the request never reached its audit insert")
            client.abort()
            #expect(try await RawHTTP.eventually { client.serverClosed }, "the server never noticed the reset")
        }
    }

    /// Whether a request waits to insert an audit event (see `withAuditInsertsWaiting`).
    public func auditInsertIsWaiting() async throws -> Bool {
        try await locks(granted: false) > 0
    }

    private func locks(granted: Bool) async throws -> Int {
        try await database.query(
            "SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'audit.events'::regclass AND granted = $1 AND (NOT $1 OR mode = 'ShareRowExclusiveLock')", [granted]
        )[0].decode(Int.self, "n")
    }
}
