import AppTestSupport
import Contracts
import Foundation
import HummingbirdTesting
import Notifications
import Postgres
import Synchronization
import TestSupport
import Testing
import Web

/// Issue 27: what must not be missed (a returned declaration, an allowed modification, the deadline
/// reminders) also goes by Tencent Cloud SMS to a candidate with a phone, once per event, never in
/// the quiet hours (21:00–08:00 China time by default). Against the Tencent Cloud stub, which checks
/// the TC3 signature, the application, the template and its parameters; and the WeChat stub.
@Suite("SMS delivery of messages", .timeLimit(.minutes(5)))
struct SMSDeliveryTests {
    /// The harness with stubs, the SMS and WeChat templates configured, and the server's own delivery worker.
    static func run(_ body: @escaping @Sendable (AppHarness, TencentCloudStub, WeChatStub, DeliveryWorker) async throws -> Void) async throws {
        let captured = Mutex<NotificationsModule?>(nil)
        let environment = TencentCloudStub.notificationEnvironment.merging(WeChatStub.templateEnvironment) { _, new in new }
        try await AppHarness.run(providers: .stubs, environment: environment, extraRoutes: { routes in
            captured.withLock { $0 = routes.notifications }
        }) { h in
            let module = try #require(captured.withLock { $0 })
            let tencent = try #require(h.sms as? TencentCloudStub)
            try await body(h, tencent, try #require(h.wechat), module.deliveryWorker)
        }
    }

    /// The harness's clock starts at 04:26 China time: this moves it to `hour`:00 China time, later on.
    static func moveClock(_ h: AppHarness, toChinaHour hour: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let now = h.clock.now()
        var target = calendar.date(bySettingHour: hour, minute: 0, second: 0, of: now)!
        if target <= now { target = calendar.date(byAdding: .day, value: 1, to: target)! }
        h.clock.advance(by: target.timeIntervalSince(now))
    }

    static func returned(_ h: AppHarness, phone: String) async throws -> AppHarness.TrialParties {
        let p = try await h.trialParties()
        try await h.database.execute("UPDATE identity.accounts SET phone = $2 WHERE id = $1::uuid", [p.account, phone])
        let id = try await h.submittedDeclaration(p)
        let response = try await h.request(
            .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"学历证书照片不清晰"}"#, token: p.unitToken
        )
        #expect(response.status == .ok, "\(response.text)")
        return p
    }

    @Test func aReturnedDeclarationReachesTheInboxWeChatAndSMSExactlyOnce() async throws {
        try await Self.run { h, tencent, wechat, worker in
            Self.moveClock(h, toChinaHour: 10)
            let p = try await h.trialParties()
            try await h.database.execute("UPDATE identity.accounts SET phone = '13800000042' WHERE id = $1::uuid", [p.account])
            let subscribed = try await h.request(
                .post, "/api/v1/me/message-subscriptions", json: #"{"templateIds":["\#(WeChatStub.templates["declaration_returned"]!)"]}"#,
                token: p.candidate
            )
            #expect(subscribed.status == .ok, "\(subscribed.text)")
            let id = try await h.submittedDeclaration(p)
            let returned = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"学历证书照片不清晰"}"#, token: p.unitToken
            )
            #expect(returned.status == .ok)

            #expect(try await worker.deliverDue() == 2)
            #expect(try await worker.deliverDue() == 0)
            h.clock.advance(by: 86_400)
            #expect(try await worker.deliverDue() == 0)

            let sms = tencent.notificationsSent
            #expect(sms.count == 1)
            #expect(sms.first?.phone == "+8613800000042")
            #expect(sms.first?.templateID == TencentCloudStub.notificationTemplates["declaration_returned"])
            #expect(wechat.receipts.count == 1)
            let statuses = try await h.database.query("SELECT channel, status FROM notifications.deliveries ORDER BY channel")
                .map { "\(try $0.decode(String.self, "channel"))=\(try $0.decode(String.self, "status"))" }
            #expect(statuses == ["sms=sent", "wechat=sent"])
            // The number is never logged.
            #expect(!h.app.sink.lines.contains { $0.contains("13800000042") })
        }
    }

    @Test func theQuietHoursHoldAnSMSUntilEightInTheMorning() async throws {
        try await Self.run { h, tencent, _, worker in
            Self.moveClock(h, toChinaHour: 22)
            _ = try await Self.returned(h, phone: "13800000043")
            try await worker.deliverDue()
            #expect(tencent.notificationsSent.isEmpty)
            let due = try await h.database.query("SELECT next_attempt_at FROM notifications.deliveries WHERE channel = 'sms'")
            let dueAt = try #require(try due.first?.decode(Date.self, "next_attempt_at"))

            Self.moveClock(h, toChinaHour: 7)
            h.clock.advance(by: 3599)
            try await worker.deliverDue()
            #expect(tencent.notificationsSent.isEmpty, "still 07:59:59")

            h.clock.advance(by: 1)
            #expect(h.clock.now() == dueAt, "due at 08:00 China time")
            try await worker.deliverDue()
            #expect(tencent.notificationsSent.count == 1)
            #expect(tencent.notificationsSent.first?.at == dueAt)
        }
    }

    @Test func aCandidateWithoutAPhoneGetsNoSMS() async throws {
        try await Self.run { h, tencent, _, worker in
            Self.moveClock(h, toChinaHour: 10)
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let returned = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"材料不全"}"#, token: p.unitToken
            )
            #expect(returned.status == .ok)
            try await worker.deliverDue()
            #expect(tencent.notificationsSent.isEmpty)
            let row = try await h.database.query("SELECT status, last_error FROM notifications.deliveries WHERE channel = 'sms'")
            #expect(try row.first?.decode(String.self, "status") == "skipped")
            #expect(try row.first?.decode(String?.self, "last_error") == "no phone")
        }
    }
}
