import AppTestSupport
import Contracts
import Foundation
import Logging
import Notifications
import Postgres
import TestSupport
import Testing
import Web

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue 27: the delivery worker in real server processes (`health-talent serve`) over one database,
/// against the WeChat stub in this process: several instances deliver each message once, and an
/// instance killed mid-send leaves its message to be delivered after the restart.
@Suite("Delivery across server instances", .serialized, .timeLimit(.minutes(5)))
struct DeliveryInstancesTests {
    struct ServerExited: Error {
        let output: String
    }

    /// One `serve` process.
    final class Instance: Sendable {
        let process: ChildProcess
        let port: Int
        let metricsPort: Int

        init(database: String, wechatURL: String, extra: [String: String] = [:], migrate: Bool = false) throws {
            port = try SilentPort().port
            metricsPort = try SilentPort().port
            var environment = ProcessInfo.processInfo.environment.merging([
                "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(database)?"),
                "HTTP_PORT": String(port),
                "METRICS_PORT": String(metricsPort),
                "LOG_FORMAT": "json",
                "DATABASE_CONNECT_TIMEOUT_SECONDS": "30",
                "ATTACHMENTS_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID())/attachments").path,
                "WECHAT_API_BASE_URL": wechatURL,
                "WECHAT_APP_ID": WeChatStub.appID,
                "WECHAT_APP_SECRET": WeChatStub.appSecret,
                "NOTIFICATION_DELIVERY_POLL_MS": "50",
                "NOTIFICATION_DELIVERY_BATCH": "5",
                // The whole suite shares the test cluster's connections: a small pool each.
                "DATABASE_POOL_SIZE": "4",
            ]) { _, new in new }
            environment.merge(WeChatStub.templateEnvironment) { _, new in new }
            environment.merge(extra) { _, new in new }
            process = try ChildProcess(
                TestPaths.binary, arguments: migrate ? ["serve"] : ["serve", "--no-migrate"], environment: environment,
                directory: TestPaths.repositoryRoot
            )
        }

        func waitUntilReady() async throws {
            try await eventually("the server on \(port) ready", timeout: .seconds(90), every: .milliseconds(100)) {
                guard process.isRunning else { throw ServerExited(output: String(process.standardOutput.suffix(2000))) }
                guard let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/readyz")!) else { return false }
                return (response as? HTTPURLResponse)?.statusCode == 200
            }
        }

        /// The WeChat messages this instance sent, from its metrics.
        func sentCount() async throws -> Int {
            let (body, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(metricsPort)/metrics")!)
            let text = String(decoding: body, as: UTF8.self)
            return text.split(separator: "\n").filter {
                $0.hasPrefix("health_talent_notification_deliveries_total{") && $0.contains(#"outcome="sent""#)
            }.compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +)
        }

        func stop() async throws {
            process.signal(SIGTERM)
            try await eventually("the server stopped", timeout: .seconds(30), every: .milliseconds(50)) { !process.isRunning }
        }
    }

    /// `count` candidates with a WeChat openid, each having accepted the returned-declaration template
    /// once, and a returned-declaration message for each written through the notifier.
    static func fire(_ count: Int, prefix: String, on database: Database) async throws {
        let template = WeChatStub.templates["declaration_returned"]!
        var reader = EnvironmentReader(environment: WeChatStub.templateEnvironment)
        let settings = NotificationsSettings.read(from: &reader)
        let notifier = NotificationsModule(database: database, clock: SystemClock(), settings: settings, logger: TestDatabase.logger).notifier
        let accounts = try await database.query(
            """
            INSERT INTO identity.accounts (wechat_openid) SELECT $1 || g FROM generate_series(1, $2) AS g RETURNING id
            """,
            ["openid-\(prefix)-", count]
        ).map { AccountID(try $0.decode(UUID.self, "id")) }
        try await database.execute(
            "INSERT INTO notifications.subscriptions (account_id, template_id, remaining, updated_at) SELECT unnest($1::uuid[]), $2, 1, now()",
            [accounts.map(\.rawValue), template]
        )
        try await database.transaction { connection in
            for (index, account) in accounts.enumerated() {
                try await notifier.notify(
                    NotificationEvent(
                        recipient: account, kind: .declarationReturned, title: "申报被退回", text: "请补充材料 \(index)",
                        link: NotificationLink(type: "trial_application", id: UUID().uuidString.lowercased()), dedupKey: "\(prefix):\(index)"
                    ),
                    on: connection
                )
            }
        }
    }

    static func statuses(_ database: Database) async throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try await database.query(
            "SELECT status, count(*) AS n FROM notifications.deliveries GROUP BY status"
        ).map { (try $0.decode(String.self, "status"), try $0.decode(Int.self, "n")) })
    }

    @Test func twoInstancesOverOneDatabaseDeliverEachOfTwoHundredMessagesOnce() async throws {
        let stub = WeChatStub()
        try await withStubServer(stub.router) { url in
            let name = try await TestDatabase.create(from: .migratedTemplate)
            let database = Database(settings: TestDatabase.settings(for: name), poolSize: 2, logger: TestDatabase.logger)
            defer { Task { await database.close() } }
            let first = try Instance(database: name, wechatURL: url)
            let second = try Instance(database: name, wechatURL: url)
            defer { first.process.signal(SIGKILL); second.process.signal(SIGKILL) }
            try await first.waitUntilReady()
            try await second.waitUntilReady()

            try await Self.fire(200, prefix: "bulk", on: database)
            try await eventually("200 deliveries sent", timeout: .seconds(120), every: .milliseconds(100)) {
                try await Self.statuses(database)["sent"] == 200
            }
            let sent = (try await first.sentCount(), try await second.sentCount())
            #expect(sent.0 + sent.1 == 200, "\(sent)")
            // Both shared the work (polling every 50 ms, batches of 5: the first seen run split 90/110).
            #expect(sent.0 > 0 && sent.1 > 0, "\(sent)")
            try await first.stop()
            try await second.stop()

            #expect(stub.receipts.count == 200)
            #expect(Set(stub.receipts.map(\.touser)).count == 200)
            #expect(try await Self.statuses(database) == ["sent": 200])
            // One token for both instances: fetched once under the advisory lock.
            #expect(stub.tokensIssued == 1)
        }
    }

    @Test func anInstanceKilledMidSendLeavesTheMessageToBeDeliveredOnceAfterTheRestart() async throws {
        let stub = WeChatStub()
        try await withStubServer(stub.router) { url in
            let name = try await TestDatabase.create(from: .migratedTemplate)
            let database = Database(settings: TestDatabase.settings(for: name), poolSize: 2, logger: TestDatabase.logger)
            defer { Task { await database.close() } }
            let lease = ["NOTIFICATION_DELIVERY_LEASE_SECONDS": "2"]
            let first = try Instance(database: name, wechatURL: url, extra: lease)
            defer { first.process.signal(SIGKILL) }
            try await first.waitUntilReady()

            stub.setHolding(true)
            try await Self.fire(1, prefix: "killed", on: database)
            try await eventually("the send reached WeChat", timeout: .seconds(60), every: .milliseconds(20)) { stub.heldRequests == 1 }
            first.process.signal(SIGKILL)
            try await eventually("the instance died", timeout: .seconds(30), every: .milliseconds(20)) { !first.process.isRunning }
            // WeChat never took the message (the held request is answered with an error nobody reads).
            stub.setHolding(false)
            #expect(try await Self.statuses(database) == ["pending": 1])

            let second = try Instance(database: name, wechatURL: url, extra: lease)
            defer { second.process.signal(SIGKILL) }
            try await second.waitUntilReady()
            try await eventually("the message delivered after the restart", timeout: .seconds(60), every: .milliseconds(50)) {
                try await Self.statuses(database)["sent"] == 1
            }
            try await second.stop()
            #expect(stub.receipts.count == 1)
            #expect(stub.receipts.first?.touser == "openid-killed-1")
            let attempts = try await database.query("SELECT attempts FROM notifications.deliveries")
            #expect(try attempts.first?.decode(Int.self, "attempts") == 2)
        }
    }
}
