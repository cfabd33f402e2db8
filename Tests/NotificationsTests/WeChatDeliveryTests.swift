import AppTestSupport
import AsyncHTTPClient
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Logging
import Notifications
import Postgres
import TestSupport
import Testing
import Web

/// Issue 27: the outbox's WeChat deliveries, against the WeChat stub on 127.0.0.1 (which checks the
/// token, the template and every value's rule). The server's notifier writes the delivery rows; the
/// test runs the delivery worker's rounds itself, with the harness's clock, so retries are driven by
/// moving the clock, never by sleeping.
@Suite("WeChat delivery of messages", .timeLimit(.minutes(5)))
struct WeChatDeliveryTests {
    static let returned = WeChatStub.templates["declaration_returned"]!
    static let approved = WeChatStub.templates["declaration_approved"]!
    static let modify = WeChatStub.templates["declaration_modification_allowed"]!

    /// The harness configured with the stub's templates, and a delivery worker talking to the stub.
    static func run(_ body: @escaping @Sendable (AppHarness, WeChatStub, DeliveryWorker) async throws -> Void) async throws {
        let stub = WeChatStub()
        try await withStubServer(stub.router) { url in
            try await AppHarness.run(environment: WeChatStub.templateEnvironment) { h in
                var reader = EnvironmentReader(environment: WeChatStub.templateEnvironment)
                let settings = NotificationsSettings.read(from: &reader)
                let logger = h.app.logger
                let module = NotificationsModule(
                    database: h.database, clock: h.clock, settings: settings, contacts: NotificationContactsService(database: h.database),
                    messenger: LiveWeChatMessenger(
                        http: .shared, baseURL: URL(string: url)!, appID: WeChatStub.appID, appSecret: WeChatStub.appSecret, logger: logger
                    ),
                    logger: logger
                )
                try await body(h, stub, module.deliveryWorker)
            }
        }
    }

    static func subscribe(_ h: AppHarness, _ token: String, _ templates: [String]) async throws {
        let ids = templates.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try await h.request(.post, "/api/v1/me/message-subscriptions", json: #"{"templateIds":[\#(ids)]}"#, token: token)
        #expect(response.status == .ok, "\(response.text)")
    }

    static func returnDeclaration(_ h: AppHarness, _ p: AppHarness.TrialParties, _ id: String, reason: String = "学历证书照片不清晰，请重新上传清晰的扫描件") async throws {
        let returned = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"\#(reason)"}"#, token: p.unitToken)
        #expect(returned.status == .ok, "\(returned.text)")
    }

    struct Row {
        let status: String
        let attempts: Int
        let lastError: String?
        let nextAttemptAt: Date
    }

    static func deliveries(_ h: AppHarness) async throws -> [Row] {
        try await h.database.query(
            "SELECT status, attempts, last_error, next_attempt_at FROM notifications.deliveries ORDER BY created_at"
        ).map {
            Row(status: try $0.decode(String.self, "status"), attempts: try $0.decode(Int.self, "attempts"),
                lastError: try $0.decode(String?.self, "last_error"), nextAttemptAt: try $0.decode(Date.self, "next_attempt_at"))
        }
    }

    @Test func aReturnedDeclarationReachesTheInboxAndWeChatExactlyOnce() async throws {
        try await Self.run { h, stub, worker in
            let p = try await h.trialParties()
            try await Self.subscribe(h, p.candidate, [Self.returned])
            let id = try await h.submittedDeclaration(p)
            try await Self.returnDeclaration(h, p, id)

            let inbox = try await h.request(.get, "/api/v1/me/messages", token: p.candidate)
            let message = try #require((inbox.json["items"] as? [[String: Any]])?.first, "\(inbox.status) \(inbox.text)")

            #expect(try await worker.deliverDue() == 1)
            #expect(try await worker.deliverDue() == 0)
            h.clock.advance(by: 86_400)
            #expect(try await worker.deliverDue() == 0)

            let receipt = try #require(stub.receipts.first)
            #expect(stub.receipts.count == 1)
            #expect(receipt.touser == "openid-trial-1")
            #expect(receipt.templateID == Self.returned)
            // Every value fits its keyword's rule (the stub refuses any that does not): the reason is cut to 20.
            #expect(receipt.data["thing2"]?.count == 20)
            #expect(receipt.data["thing2"]?.hasSuffix("…") == true)
            #expect(receipt.data["phrase3"] == "已退回")
            #expect(receipt.page == "pages/messages/index?id=\(message["id"] as? String ?? "-")")
            #expect(try await Self.deliveries(h).map(\.status) == ["sent"])
            #expect(stub.tokensIssued == 1)
            // The token is never logged.
            #expect(!h.app.sink.lines.contains { $0.contains("stub-token") })
        }
    }

    @Test func withoutAnAcceptedTemplateTheMessageStaysInTheInbox() async throws {
        try await Self.run { h, stub, worker in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            try await Self.returnDeclaration(h, p, id)
            #expect(try await worker.deliverDue() == 1)
            #expect(stub.sendCalls == 0)
            let rows = try await Self.deliveries(h)
            #expect(rows.map(\.status) == ["skipped"])
            #expect(rows.first?.lastError?.contains("subscription") == true)
            let inbox = try await h.request(.get, "/api/v1/me/messages", token: p.candidate)
            #expect((inbox.json["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func noQuotaAtWeChatKeepsTheMessageInTheInboxWithoutRetry() async throws {
        try await Self.run { h, stub, worker in
            let p = try await h.trialParties()
            try await Self.subscribe(h, p.candidate, [Self.returned])
            stub.setNoQuota("openid-trial-1")
            let id = try await h.submittedDeclaration(p)
            try await Self.returnDeclaration(h, p, id)
            #expect(try await worker.deliverDue() == 1)
            h.clock.advance(by: 86_400)
            #expect(try await worker.deliverDue() == 0)
            #expect(stub.replies(43101) == 1)
            #expect(stub.sendCalls == 1)
            #expect(stub.receipts.isEmpty)
            let rows = try await Self.deliveries(h)
            #expect(rows.map(\.status) == ["skipped"])
            #expect(rows.first?.lastError?.hasPrefix("43101") == true)
        }
    }

    @Test func anExpiredTokenIsRefreshedOnceThenTheMessageIsSent() async throws {
        try await Self.run { h, stub, worker in
            let p = try await h.trialParties()
            try await Self.subscribe(h, p.candidate, [Self.approved, Self.modify])
            let id = try await h.submittedDeclaration(p)
            let review = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            #expect(try await h.request(.post, review + "/approve", token: p.unitToken).status == .ok)
            #expect(try await worker.deliverDue() == 1)
            #expect(stub.tokensIssued == 1)

            stub.expireCurrentToken()
            let allowed = try await h.request(.post, review + "/allow-modification", json: #"{"reason":"请补充带教医师"}"#, token: p.unitToken)
            #expect(allowed.status == .ok, "\(allowed.text)")
            #expect(try await worker.deliverDue() == 1)

            #expect(stub.replies(42001) == 1)
            #expect(stub.tokensIssued == 2)
            #expect(stub.receipts.map(\.templateID) == [Self.approved, Self.modify])
            #expect(try await Self.deliveries(h).map(\.status) == ["sent", "sent"])
            let stored = try await h.database.query("SELECT value FROM notifications.wechat_token")
            #expect(try stored.first?.decode(String.self, "value") == "stub-token-2")
        }
    }

    @Test func whileWeChatIsDownTheDeliveryIsRetriedWithGrowingDelaysThenFails() async throws {
        try await Self.run { h, stub, worker in
            let p = try await h.trialParties()
            try await Self.subscribe(h, p.candidate, [Self.returned])
            stub.setDown(true)
            let id = try await h.submittedDeclaration(p)
            try await Self.returnDeclaration(h, p, id)

            // Equal jitter: the n-th retry waits between half and all of 30 s · 2^(n−1).
            var delays: [TimeInterval] = []
            for _ in 0..<4 {
                let before = h.clock.now()
                #expect(try await worker.deliverDue() == 1)
                let row = try #require(try await Self.deliveries(h).first)
                #expect(row.status == "pending")
                delays.append(row.nextAttemptAt.timeIntervalSince(before))
                #expect(try await worker.deliverDue() == 0, "not due again before its delay")
                h.clock.advance(by: row.nextAttemptAt.timeIntervalSince(before))
            }
            for (index, delay) in delays.enumerated() {
                let full = 30 * pow(2, Double(index))
                #expect(delay >= full / 2 - 1 && delay <= full + 1, "retry \(index + 1) after \(delay) s")
            }
            // Then until the 24 h limit: failed, with the reason.
            var rounds = 0
            while try await Self.deliveries(h).first?.status == "pending", rounds < 200 {
                try await worker.deliverDue()
                h.clock.advance(by: 3600)
                rounds += 1
            }
            let row = try #require(try await Self.deliveries(h).first)
            #expect(row.status == "failed")
            #expect(row.lastError?.contains("-1") == true, "\(row.lastError ?? "")")
            #expect(stub.sendCalls == row.attempts)
            #expect(row.attempts > 20 && row.attempts < 60, "\(row.attempts) attempts in 24 h")
            #expect(stub.receipts.isEmpty)
            // The acceptance was never used: it is still there for the next message.
            let remaining = try await h.database.query("SELECT remaining FROM notifications.subscriptions")
            #expect(try remaining.first?.decode(Int.self, "remaining") == 1)
        }
    }

    @Test func subscribingToAnUnknownTemplateIsRefusedNamingIt() async throws {
        try await Self.run { h, _, _ in
            let c = try await h.candidate("user-sub")
            let response = try await h.request(
                .post, "/api/v1/me/message-subscriptions", json: #"{"templateIds":["\#(Self.returned)","NOT-OURS"]}"#, token: c.token
            )
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let errors = try #require(response.json["errors"] as? [[String: Any]])
            #expect(errors.map { $0["field"] as? String } == ["templateIds[1]"])
            #expect(errors.map { $0["code"] as? String } == ["unknown_template"])
            let empty = try await h.request(.post, "/api/v1/me/message-subscriptions", json: #"{"templateIds":[]}"#, token: c.token)
            #expect(empty.status == .unprocessableContent)
            // Accepted twice: two sends.
            try await Self.subscribe(h, c.token, [Self.returned])
            let again = try await h.request(
                .post, "/api/v1/me/message-subscriptions", json: #"{"templateIds":["\#(Self.returned)","\#(Self.returned)"]}"#, token: c.token
            )
            #expect((again.json["items"] as? [[String: Any]])?.first?["remaining"] as? Int == 2)
        }
    }

    @Test func aCandidateCanTurnOffRemindersButNotReturns() async throws {
        try await Self.run { h, _, _ in
            let c = try await h.candidate("user-prefs")
            let refused = try await h.request(
                .put, "/api/v1/me/message-preferences", json: #"{"preferences":[{"kind":"declaration_returned","enabled":false}]}"#, token: c.token
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.json["code"] as? String == "essential_kind")
            let off = try await h.request(
                .put, "/api/v1/me/message-preferences", json: #"{"preferences":[{"kind":"declaration_approved","enabled":false}]}"#, token: c.token
            )
            #expect(off.status == .ok, "\(off.text)")
            let shown = try await h.request(.get, "/api/v1/me/message-preferences", token: c.token)
            let items = try #require(shown.json["preferences"] as? [[String: Any]])
            #expect(items.first { $0["kind"] as? String == "declaration_approved" }?["enabled"] as? Bool == false)
            #expect(items.first { $0["kind"] as? String == "declaration_returned" }?["essential"] as? Bool == true)
        }
    }

    @Test func aTurnedOffKindGoesToTheInboxOnly() async throws {
        try await Self.run { h, stub, worker in
            let p = try await h.trialParties()
            try await Self.subscribe(h, p.candidate, [Self.approved])
            let off = try await h.request(
                .put, "/api/v1/me/message-preferences", json: #"{"preferences":[{"kind":"declaration_approved","enabled":false}]}"#, token: p.candidate
            )
            #expect(off.status == .ok)
            let id = try await h.submittedDeclaration(p)
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken).status == .ok)
            #expect(try await worker.deliverDue() == 0)
            #expect(try await Self.deliveries(h).isEmpty)
            #expect(stub.sendCalls == 0)
            let inbox = try await h.request(.get, "/api/v1/me/messages", token: p.candidate)
            #expect((inbox.json["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func theDeliveryLogShowsOneAccountsDeliveriesWithTheirStatus() async throws {
        try await Self.run { h, stub, worker in
            let p = try await h.trialParties()
            try await Self.subscribe(h, p.candidate, [Self.approved])
            stub.setNoQuota("openid-trial-1")
            let id = try await h.submittedDeclaration(p)
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken).status == .ok)
            try await worker.deliverDue()

            let browser = try await ConsoleClient.platformConsole(h)
            let empty = try await ConsoleClient.get(h, "/console/platform/deliveries", browser: browser)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("输入账号编号"))
            let page = try await ConsoleClient.get(h, "/console/platform/deliveries?account=\(p.account)", browser: browser)
            #expect(page.status == .ok)
            #expect(page.text.contains("微信订阅消息"))
            #expect(page.text.contains("未发送"))
            #expect(page.text.contains("43101"))
            let other = try await ConsoleClient.get(h, "/console/platform/deliveries?account=\(UUID().uuidString)", browser: browser)
            #expect(other.text.contains("该账号没有投递记录"))
            // Not for unit administrators or candidates.
            let unit = try await ConsoleClient.unitConsole(h, p)
            #expect(try await ConsoleClient.get(h, "/console/platform/deliveries", browser: unit).status != .ok)
        }
    }

    @Test func anUnreachableWeChatIsRetriedLater() async throws {
        try await Self.run { h, _, _ in
            let p = try await h.trialParties()
            try await Self.subscribe(h, p.candidate, [Self.returned])
            let id = try await h.submittedDeclaration(p)
            try await Self.returnDeclaration(h, p, id)
            var reader = EnvironmentReader(environment: WeChatStub.templateEnvironment)
            let worker = NotificationsModule(
                database: h.database, clock: h.clock, settings: NotificationsSettings.read(from: &reader),
                contacts: NotificationContactsService(database: h.database),
                messenger: LiveWeChatMessenger(
                    http: .shared, baseURL: URL(string: "http://127.0.0.1:1")!, appID: WeChatStub.appID, appSecret: WeChatStub.appSecret,
                    logger: h.app.logger
                ),
                logger: h.app.logger
            ).deliveryWorker
            #expect(try await worker.deliverDue() == 1)
            let row = try #require(try await Self.deliveries(h).first)
            #expect(row.status == "pending")
            #expect(row.lastError?.contains("unreachable") == true, "\(row.lastError ?? "")")
            #expect(row.nextAttemptAt > h.clock.now())
        }
    }

    /// Development (no WeChat credentials): what would be sent is logged, without the openid or a token.
    @Test func developmentLogsWhatItWouldSendWithoutTheRecipient() async throws {
        try await Self.run { h, stub, _ in
            let p = try await h.trialParties()
            try await Self.subscribe(h, p.candidate, [Self.returned])
            let id = try await h.submittedDeclaration(p)
            try await Self.returnDeclaration(h, p, id)
            var reader = EnvironmentReader(environment: WeChatStub.templateEnvironment)
            let worker = NotificationsModule(
                database: h.database, clock: h.clock, settings: NotificationsSettings.read(from: &reader),
                contacts: NotificationContactsService(database: h.database), logger: h.app.logger
            ).deliveryWorker
            #expect(try await worker.deliverDue() == 1)
            #expect(stub.sendCalls == 0)
            let lines = h.app.sink.lines.filter { $0.contains("WeChat subscribe message (development") }
            #expect(lines.count == 1)
            #expect(lines.first?.contains(Self.returned) == true)
            #expect(lines.first?.contains("已退回") == true)
            #expect(!h.app.sink.lines.contains { $0.contains("openid-trial-1") })
        }
    }

    struct RolledBack: Error {}

    /// The delivery rows are written with the message, in the caller's transaction: a rolled-back
    /// change leaves neither; the same event twice makes one row per channel.
    @Test func aRolledBackChangeLeavesNoDeliveryAndARepeatedEventNoSecond() async throws {
        try await Self.run { h, stub, worker in
            let c = try await h.candidate("user-rollback")
            var reader = EnvironmentReader(environment: WeChatStub.templateEnvironment)
            let notifier = NotificationsModule(database: h.database, clock: h.clock, settings: NotificationsSettings.read(from: &reader), logger: h.app.logger).notifier
            let event = NotificationEvent(
                recipient: try #require(AccountID(c.account)), kind: .declarationReturned, title: "申报被退回", text: "请补充材料",
                link: nil, dedupKey: "rollback-test:1"
            )
            await #expect(throws: RolledBack.self) {
                try await h.database.transaction { connection in
                    try await notifier.notify(event, on: connection)
                    throw RolledBack()
                }
            }
            #expect(try await Self.deliveries(h).isEmpty)
            for _ in 0..<2 {
                try await h.database.transaction { try await notifier.notify(event, on: $0) }
            }
            #expect(try await Self.deliveries(h).map(\.status) == ["pending"])
            #expect(try await worker.deliverDue() == 1)
            #expect(stub.sendCalls == 0, "no acceptance: skipped without calling WeChat")
        }
    }
}
