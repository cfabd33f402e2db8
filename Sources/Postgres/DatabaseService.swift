import ServiceLifecycle

/// Keeps the pool open while the server runs and closes it on graceful shutdown. Registered before the
/// HTTP server, so the service group stops the server (finishing in-flight requests) first.
public struct DatabaseService: Service {
    let database: Database

    public init(database: Database) { self.database = database }

    public func run() async throws {
        try? await gracefulShutdown()
        await database.close()
    }
}
