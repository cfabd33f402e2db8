import Console
import Contracts
import CoreMetrics
import Logging
import Postgres
import Web

/// Entry point of the Notifications module (issue 27): the in-app inbox (授权访问消息) and its delivery
/// by WeChat subscribe messages. Owns the `notifications` schema; other modules write to it only
/// through `Notifier` in Contracts, on their own transaction (docs/adr/0022, 0024).
public struct NotificationsModule: Sendable {
    let routes: MessageRoutes
    let subscriptionRoutes: SubscriptionRoutes
    let preferenceRoutes: PreferenceRoutes
    let consolePages: @Sendable (ConsoleRoutes) throws -> Void
    let mobilePages: @Sendable (MobileRoutes) throws -> Void
    /// What the other modules are given to write messages with.
    public let notifier: any Notifier
    /// The outbox's delivery worker: a Service of the server's service group.
    public let deliveryWorker: DeliveryWorker
    let deliveryLog: DeliveryLogService

    /// `contacts` reaches the accounts' openids and phones (Identity); without it nothing goes beyond
    /// the inbox. `messenger` is WeChat's API; without it, what would be sent is logged.
    public init(
        database: Database, clock: any WallClock, settings: NotificationsSettings = NotificationsSettings(),
        contacts: (any NotificationContacts)? = nil, messenger: (any WeChatMessenger)? = nil, sms: (any NotificationSMSSender)? = nil,
        metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
    ) {
        notifier = MessageNotifier(clock: clock, settings: settings)
        let messages = MessageService(database: database, clock: clock)
        routes = MessageRoutes(messages: messages)
        subscriptionRoutes = SubscriptionRoutes(subscriptions: SubscriptionService(database: database, clock: clock, settings: settings))
        let preferences = PreferenceService(database: database, clock: clock)
        preferenceRoutes = PreferenceRoutes(preferences: preferences)
        let deliveryLog = DeliveryLogService(database: database)
        self.deliveryLog = deliveryLog
        consolePages = { console in
            try MessagePages(messages: messages, layout: console.layout).register(on: console)
            let templates = try ConsoleTemplates(["deliveries": DeliveryLogTemplates.deliveries])
            DeliveryLogPages(log: deliveryLog, layout: console.layout, templates: templates).register(on: console)
        }
        mobilePages = { mobile in
            try MobileMessagePages(messages: messages, mobile: mobile).register()
            try PreferenceMobilePages(preferences: preferences, mobile: mobile).register()
        }
        deliveryWorker = DeliveryWorker(
            database: database, clock: clock, settings: settings, contacts: contacts ?? NoContacts(),
            messenger: messenger ?? DevelopmentWeChatMessenger(logger: logger), sms: sms ?? LoggedSMSSender(logger: logger),
            metrics: metrics, logger: logger
        )
    }

    public func registerRoutes(on routes: ModuleRoutes) {
        self.routes.register(on: routes)
        subscriptionRoutes.register(on: routes)
        preferenceRoutes.register(on: routes)
    }

    /// The administrators' messages in the console (the unit administrators' list, issue 27; the
    /// header's unread count is `UnreadMessageDirectory`'s, which the layout reads) and the platform's
    /// delivery log (消息投递记录).
    public func registerConsole(on console: ConsoleRoutes) throws {
        try consolePages(console)
    }
}

extension NotificationsModule {
    /// 授权访问消息 on the candidates' pages (issue 28).
    public func registerMobile(on mobile: MobileRoutes) throws {
        try mobilePages(mobile)
    }
}

/// Without an SMS gateway: what would be sent, in the log (never the number).
struct LoggedSMSSender: NotificationSMSSender {
    let logger: Logger

    func sendNotification(templateID: String, parameters: [String], to phone: PhoneNumber) async throws(NotificationSMSError) {
        logger.info("notification SMS (no gateway: not sent)", metadata: ["template_id": "\(templateID)", "parameters": "\(parameters)"])
    }
}

/// Nobody can be reached beyond the inbox.
struct NoContacts: NotificationContacts {
    func contact(of account: AccountID) async throws -> NotificationContact? { nil }
}
