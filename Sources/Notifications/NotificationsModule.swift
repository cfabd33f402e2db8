import Console
import Contracts
import CoreMetrics
import Logging
import Postgres
import Web

/// Entry point of the Notifications module (issue 27): the in-app inbox (授权访问消息). Owns the
/// `notifications` schema; other modules write to it only through `Notifier` in Contracts, on their
/// own transaction (docs/adr/0022-notifications-outbox.md).
public struct NotificationsModule: Sendable {
    let routes: MessageRoutes
    let consolePages: @Sendable (ConsoleRoutes) throws -> Void
    /// What the other modules are given to write messages with.
    public let notifier: any Notifier

    public init(
        database: Database, clock: any WallClock, settings: NotificationsSettings = NotificationsSettings(),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
    ) {
        notifier = MessageNotifier(clock: clock, settings: settings)
        let messages = MessageService(database: database, clock: clock)
        routes = MessageRoutes(messages: messages)
        consolePages = { console in try MessagePages(messages: messages, layout: console.layout).register(on: console) }
    }

    public func registerRoutes(on routes: ModuleRoutes) {
        self.routes.register(on: routes)
    }

    /// The administrators' messages in the console (the unit administrators' list, issue 27); the
    /// header's unread count is `UnreadMessageDirectory`'s, which the layout reads.
    public func registerConsole(on console: ConsoleRoutes) throws {
        try consolePages(console)
    }
}
