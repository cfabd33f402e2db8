import Attachments
import Confirmation
import Hummingbird
import Identity
import Institutions
import Logging
import Postgres
import TrialPeriod
import Web

/// The wiring diagram: configuration in, services built, routes registered.
func buildApplication(
    configuration: AppConfiguration, database: Database, logger: Logger
) -> some ApplicationProtocol {
    let routes = buildRoutes(configuration: configuration, database: database, logger: logger)
    return Application(
        router: routes.router,
        configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: nil),
        services: [DatabaseService(database: database)],
        logger: logger
    )
}

func buildRoutes(configuration: AppConfiguration, database: Database, logger: Logger) -> RouteRegistry {
    let routes = RouteRegistry()
    // Outermost first: the request id exists before the access log and the problem renderer need it.
    routes.add(middleware: RequestMetadataMiddleware(trustedProxies: configuration.trustedProxies))
    routes.add(middleware: AccessLogMiddleware())
    routes.add(middleware: ProblemMiddleware(routes: routes.table, translate: DatabaseProblems.translate))

    HealthRoutes.register(on: routes, isReady: { await database.isReachable() })

    IdentityModule(database: database, logger: logger).registerRoutes(on: routes)
    InstitutionsModule(database: database, logger: logger).registerRoutes(on: routes)
    TrialPeriodModule(database: database, logger: logger).registerRoutes(on: routes)
    ConfirmationModule(database: database, logger: logger).registerRoutes(on: routes)
    AttachmentsModule(database: database, logger: logger).registerRoutes(on: routes)
    return routes
}
