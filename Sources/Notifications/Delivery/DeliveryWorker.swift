import Contracts
import CoreMetrics
import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// Delivers the outbox (docs/adr/0024): a Service in the server's service group, one per instance.
/// Each round claims up to a batch of due rows in one short statement (FOR UPDATE SKIP LOCKED, the
/// claim leasing each row by moving its `next_attempt_at` forward), sends them outside any transaction,
/// and records each outcome only while the row still carries its claim. Two instances never hold the
/// same row; an instance killed mid-send leaves its rows to be claimed again when their lease ends.
public struct DeliveryWorker: Service {
    let database: Database
    let clock: any WallClock
    let settings: NotificationsSettings
    let contacts: any NotificationContacts
    let messenger: any WeChatMessenger
    let sms: any NotificationSMSSender
    let tokens: WeChatTokenService
    let metrics: any MetricsFactory
    let logger: Logger

    init(
        database: Database, clock: any WallClock, settings: NotificationsSettings, contacts: any NotificationContacts,
        messenger: any WeChatMessenger, sms: any NotificationSMSSender, metrics: any MetricsFactory, logger: Logger
    ) {
        self.sms = sms
        self.database = database
        self.clock = clock
        self.settings = settings
        self.contacts = contacts
        self.messenger = messenger
        tokens = WeChatTokenService(database: database, messenger: messenger, clock: clock)
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        var lastGauges = ContinuousClock.now - .seconds(3600)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var claimed = 0
            do {
                claimed = try await deliverDue()
                if ContinuousClock.now - lastGauges > .seconds(10) {
                    try await updateGauges()
                    lastGauges = ContinuousClock.now
                }
            } catch {
                logger.error("notification delivery round failed", metadata: ["error": "\(error)"])
            }
            // A full batch: more may be due now. Otherwise wait for the next poll (or the shutdown).
            if claimed < settings.deliveryBatchSize {
                try? await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .milliseconds(settings.deliveryPollMilliseconds))
                }
            }
        }
    }

    /// One round: claims the due rows and delivers them concurrently. Answers how many it claimed.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let now = clock.now()
        let claims = try await database.withConnection { connection in
            try await DeliveryStore.claimDue(
                at: now, leaseUntil: now.addingTimeInterval(settings.deliveryLease), limit: settings.deliveryBatchSize, on: connection
            )
        }
        await withTaskGroup(of: Void.self) { group in
            for claim in claims {
                group.addTask { await deliver(claim) }
            }
        }
        return claims.count
    }

    func deliver(_ claim: ClaimedDelivery) async {
        let outcome: DeliveryOutcome
        do {
            outcome = try await attempt(claim)
        } catch {
            logger.error("notification delivery failed", metadata: ["message": "\(claim.messageID)", "channel": "\(claim.channel.rawValue)", "error": "\(error)"])
            outcome = retry(claim, reason: "internal error")
        }
        do {
            let now = clock.now()
            let recorded = try await database.withConnection { try await DeliveryStore.record(outcome, of: claim, at: now, on: $0) }
            if recorded { count(outcome, claim) }
        } catch {
            // The row stays claimed until its lease ends, then is delivered again (at least once).
            logger.error("notification delivery outcome not recorded", metadata: ["message": "\(claim.messageID)", "error": "\(error)"])
        }
    }

    func attempt(_ claim: ClaimedDelivery) async throws -> DeliveryOutcome {
        switch claim.channel {
        case .wechat: try await sendWeChat(claim)
        case .sms: try await sendSMS(claim)
        }
    }

    func sendSMS(_ claim: ClaimedDelivery) async throws -> DeliveryOutcome {
        guard let template = settings.smsTemplates[claim.kind] else { return .skipped("no SMS template for \(claim.kind.rawValue)") }
        let now = clock.now()
        // A retry that came due in the quiet hours waits for the morning.
        let allowed = settings.smsAllowed(at: now)
        if allowed > now { return .held(until: allowed) }
        guard let phone = try await contacts.contact(of: claim.account)?.phone.flatMap(PhoneNumber.init) else { return .skipped("no phone") }
        do {
            try await sms.sendNotification(templateID: template, parameters: [WeChatFieldRules.cut(claim.title, to: 20)], to: phone)
            return .sent
        } catch {
            switch error {
            case .rejectedNumber: return .failed("the provider rejects the number")
            case .rateLimited: return retry(claim, reason: "the provider's limit for the number")
            case .unavailable(let reason): return retry(claim, reason: "SMS unavailable: \(reason)")
            }
        }
    }

    func sendWeChat(_ claim: ClaimedDelivery) async throws -> DeliveryOutcome {
        guard let template = settings.wechatTemplates[claim.kind] else { return .skipped("no template for \(claim.kind.rawValue)") }
        guard let openID = try await contacts.contact(of: claim.account)?.wechatOpenID else { return .skipped("no WeChat openid") }
        let now = clock.now()
        // Each acceptance is one send: used when WeChat takes the message. WeChat counts them too and
        // is the authority (43101): this count only spares calls that cannot succeed.
        let accepted = try await database.withConnection {
            try await DeliveryStore.hasAcceptance(of: claim.account, template: template.id, on: $0)
        }
        guard accepted else { return .skipped("no subscription: the candidate has not accepted this template") }
        let message = WeChatSubscribeMessage(
            touser: openID, templateID: template.id, page: Self.page(template.page, message: claim.messageID),
            data: template.fields.map { field in
                (field.key, WeChatFieldRules.value(
                    forKey: field.key, source: field.source, title: claim.title, text: claim.text, kind: claim.kind, time: claim.messageCreatedAt
                ))
            }
        )
        let outcome: DeliveryOutcome
        do {
            var token = try await tokens.current()
            var reply = try await messenger.send(message, token: token)
            if reply.errcode == 40001 || reply.errcode == 42001 {
                // The token is invalid or expired: one refresh, one more try.
                token = try await tokens.refresh(replacing: token)
                reply = try await messenger.send(message, token: token)
            }
            outcome = switch reply.errcode {
            case 0: .sent
            case 43101: .skipped("43101: 用户拒绝接受消息或没有剩余订阅次数")
            case -1, 45009, 40001, 42001: retry(claim, reason: "\(reply.errcode): \(reply.errmsg)")
            default: .failed("\(reply.errcode): \(reply.errmsg)")
            }
        } catch let error as WeChatDeliveryError {
            switch error {
            case .unreachable(let reason): outcome = retry(claim, reason: "WeChat unreachable: \(reason)")
            }
        }
        switch outcome {
        case .sent:
            try await database.withConnection { try await DeliveryStore.useAcceptance(of: claim.account, template: template.id, at: now, on: $0) }
        case .skipped:
            try await database.withConnection { try await DeliveryStore.clearAcceptances(of: claim.account, template: template.id, at: now, on: $0) }
        case .failed, .retry, .held: break
        }
        return outcome
    }

    /// The template's page with the message's id, so the mini-program opens the message.
    static func page(_ page: String, message: UUID) -> String {
        page + (page.contains("?") ? "&" : "?") + "id=" + message.uuidString.lowercased()
    }

    /// The next try after exponential backoff with jitter, or `failed` once past the retry limit.
    func retry(_ claim: ClaimedDelivery, reason: String) -> DeliveryOutcome {
        let now = clock.now()
        let delay = Self.backoff(attempt: claim.attempts, base: settings.retryBaseDelay, maximum: settings.retryMaximumDelay, jitter: Double.random(in: 0...1))
        let next = now.addingTimeInterval(delay)
        if next > claim.messageCreatedAt.addingTimeInterval(settings.retryLimit) {
            return .failed("gave up after \(claim.attempts) attempts: \(reason)")
        }
        return .retry(at: next, reason: reason)
    }

    /// `base · 2^(attempt−1)`, at most `maximum`, of which the upper half is random ("equal jitter"), so
    /// instances retrying together spread out.
    static func backoff(attempt: Int, base: TimeInterval, maximum: TimeInterval, jitter: Double) -> TimeInterval {
        let exponential = min(maximum, base * pow(2, Double(max(0, min(attempt - 1, 30)))))
        return exponential / 2 + exponential / 2 * jitter
    }

    private func count(_ outcome: DeliveryOutcome, _ claim: ClaimedDelivery) {
        let result = switch outcome {
        case .sent: "sent"
        case .skipped: "skipped"
        case .failed: "failed"
        case .retry: "retried"
        case .held: "held"
        }
        Counter(
            label: "health_talent_notification_deliveries_total",
            dimensions: [("channel", claim.channel.rawValue), ("kind", claim.kind.rawValue), ("outcome", result)], factory: metrics
        ).increment()
    }

    /// Pending rows by channel and kind, as gauges.
    func updateGauges() async throws {
        let counts = try await database.withConnection { try await DeliveryStore.counts(on: $0) }
        for channel in DeliveryChannel.allCases {
            for kind in NotificationKind.allCases where settings.channels(for: kind).contains(channel) {
                let pending = counts.first { $0.channel == channel.rawValue && $0.kind == kind.rawValue }?.count ?? 0
                Gauge(
                    label: "health_talent_notification_deliveries_pending", dimensions: [("channel", channel.rawValue), ("kind", kind.rawValue)],
                    factory: metrics
                ).record(pending)
            }
        }
    }
}
