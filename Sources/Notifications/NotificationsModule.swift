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
    /// What the other modules are given to write messages with.
    public let notifier: any Notifier

    public init(
        database: Database, clock: any WallClock, settings: NotificationsSettings = NotificationsSettings(),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
    ) {
        notifier = MessageNotifier(clock: clock, settings: settings)
        routes = MessageRoutes(messages: MessageService(database: database, clock: clock))
    }

    public func registerRoutes(on routes: ModuleRoutes) {
        self.routes.register(on: routes)
    }

    /// No console pages in this slice (unit administrators' message list comes later).
    public func registerConsole(on console: ConsoleRoutes) throws {}
}
