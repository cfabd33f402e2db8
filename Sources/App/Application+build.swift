import Attachments
import Confirmation
import Console
import Hummingbird
import Identity
import Institutions
import Logging
import Notifications
import Postgres
import ServiceLifecycle
import TrialPeriod
import Web

/// The wiring diagram: configuration in, services built, routes registered.
public func buildApplication(
    configuration: AppConfiguration, database: Database, dependencies: Dependencies, logger: Logger
) throws -> some ApplicationProtocol {
    let routes = try buildRoutes(configuration: configuration, database: database, dependencies: dependencies, logger: logger)
    let metricsListener = makeMetricsApplication(
        metrics: routes.metrics, database: database, host: configuration.metricsHost, port: configuration.metricsPort, logger: logger
    )
    return makeApplication(
        routes: routes, host: configuration.httpHost, port: configuration.httpPort, limits: configuration.connectionLimits,
        // The delivery worker after the database service, so it stops (finishing the sends in flight)
        // before the pool closes.
        services: [
            DatabaseService(database: database), metricsListener,
            ReminderJob(reminders: routes.trial.reminders, interval: .seconds(configuration.trial.reminderInterval), logger: logger),
            routes.notifications.deliveryWorker,
        ],
        logger: logger
    )
}

/// The HTTP server around the routes; tests build theirs with this too.
public func makeApplication(
    routes: BuiltRoutes, host: String, port: Int, limits: ConnectionLimits, services: [any Service], logger: Logger
) -> some ApplicationProtocol {
    let counter = ConnectionCounter(maximum: limits.maximumConnections)
    return Application(
        router: routes.registry.router,
        server: .http1(
            configuration: .init(
                // Built anew for every connection.
                additionalChannelHandlers: [ConnectionGuard(counter: counter, headerTimeout: limits.headerTimeout), ExpectContinueHandler()],
                idleTimeout: limits.idleTimeout
            )
        ),
        configuration: .init(address: .hostname(host, port: port), serverName: nil),
        services: services,
        logger: logger
    )
}

/// What the wiring built: the registry (for the server), the module route groups (so tests can add
/// probes behind the same authentication) and the modules tests reach into (built by `buildModules`,
/// as the commands build theirs).
public struct BuiltRoutes {
    public let registry: RouteRegistry
    public let modules: ModuleRoutes
    /// What `/metrics` reports; the modules were given its factory.
    public let metrics: ServerMetrics
    public let identity: IdentityModule
    public let attachments: AttachmentsModule
    public let institutions: InstitutionsModule
    public let trial: TrialPeriodModule
    public let notifications: NotificationsModule
}

public func buildRoutes(configuration: AppConfiguration, database: Database, dependencies: Dependencies, logger: Logger) throws -> BuiltRoutes {
    let routes = RouteRegistry()
    let metrics = ServerMetrics()
    let requestMetrics = RequestMetrics(factory: metrics.factory)
    // Outermost first: the request id exists before the access log and the problem renderer need it.
    routes.add(middleware: RequestMetadataMiddleware(trustedProxies: configuration.trustedProxies))
    routes.add(middleware: AccessLogMiddleware(slowThreshold: .milliseconds(configuration.slowRequestMilliseconds), metrics: requestMetrics))
    routes.add(middleware: ProblemMiddleware(routes: routes.table, translate: DatabaseProblems.translate, metrics: requestMetrics))
    // Under /console even what no route answers is a console page with the console's headers.
    let navigation = ConsoleNavigation()
    routes.add(middleware: try ConsoleEdgeMiddleware(routes: routes.table, navigation: navigation))

    HealthRoutes.register(on: routes, isReady: { await database.isReachable() })

    let modules = try buildModules(configuration: configuration, database: database, dependencies: dependencies, metrics: metrics.factory, logger: logger)
    let (identity, attachments, institutions, trial, confirmation) = (
        modules.identity, modules.attachments, modules.institutions, modules.trial, modules.confirmation
    )
    let api = routes.group(RouterPath(RoutePath.apiMount))
    let moduleRoutes = ModuleRoutes(
        open: api,
        authenticated: api.group().add(middleware: AuthenticationMiddleware(authenticator: identity.authenticator))
    )
    identity.registerRoutes(on: moduleRoutes)
    let console = try ConsoleRoutes(
        on: routes, navigation: navigation, authenticator: identity.authenticator, keys: identity.consoleKey, unreadMessages: modules.unreadMessages,
        logger: logger
    )
    try identity.registerConsole(on: console)
    attachments.registerConsole(on: console)
    // The order the modules register in is the order of the platform menu.
    try institutions.registerConsole(on: console)
    try trial.registerConsole(on: console)
    try confirmation.registerConsole(on: console)
    try Operations(database: database, layout: console.layout).registerConsole(on: console)
    try modules.notifications.registerConsole(on: console)
    // The candidates' pages (考生端 H5, issue 28), in the console's shape under /m.
    let mobile = try MobileRoutes(
        on: routes, home: MobileHome(), authenticator: identity.authenticator, keys: identity.consoleKey, unreadMessages: modules.unreadMessages,
        logger: logger
    )
    try identity.registerMobile(on: mobile)
    attachments.registerMobile(on: mobile)
    try institutions.registerMobile(on: mobile)
    try trial.registerMobile(on: mobile)
    try confirmation.registerMobile(on: mobile)
    try modules.notifications.registerMobile(on: mobile)
    institutions.registerRoutes(on: moduleRoutes)
    trial.registerRoutes(on: moduleRoutes)
    confirmation.registerRoutes(on: moduleRoutes)
    modules.notifications.registerRoutes(on: moduleRoutes)
    ReferenceRoutes.register(on: api, providers: modules.all, data: modules.referenceData)
    attachments.registerRoutes(on: moduleRoutes)
    return BuiltRoutes(
        registry: routes, modules: moduleRoutes, metrics: metrics, identity: identity, attachments: attachments, institutions: institutions, trial: trial,
        notifications: modules.notifications
    )
}
