import Foundation
import Logging
import LibCrypto
import Postgres

/// Databases for tests, in the throwaway cluster that `make test` starts. Each call clones a fresh
/// database from the migrated template, so tests are isolated and can run in parallel.
public enum TestDatabase {
    public struct Setup: Sendable {
        public let database: Database
        public let settings: ConnectionSettings
        public let name: String
    }

    public enum Source: Sendable {
        /// The template `make test` migrated with the project's migrations.
        case migratedTemplate
        /// An empty database (PostgreSQL's template0), for migration tests.
        case empty
    }

    static var clusterURL: String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else {
            fatalError("TEST_DATABASE_URL is not set: run the tests with `make test`, which starts a throwaway cluster")
        }
        return url
    }

    static var templateName: String {
        ProcessInfo.processInfo.environment["TEST_DATABASE_TEMPLATE"] ?? "health_talent_template"
    }

    public static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    /// Settings for the cluster's maintenance database (for creating databases, killing backends).
    /// Connecting waits up to 30 s, not the server's 5: a full run clones a database per test from
    /// dozens of tests at once on two cores, and a connection can queue that long (seen once in CI).
    public static var adminSettings: ConnectionSettings { ConnectionSettings(url: clusterURL, connectTimeoutSeconds: 30) }

    /// Settings for the database `name` in the test cluster; connecting waits as long as for `adminSettings`.
    public static func settings(for name: String) -> ConnectionSettings {
        ConnectionSettings(url: clusterURL, database: name, connectTimeoutSeconds: 30)
    }

    /// Runs `body` with a new database; its pool is closed afterwards.
    public static func with(
        _ source: Source = .migratedTemplate, poolSize: Int = 4, acquireTimeout: Duration = .seconds(5),
        _ body: (Setup) async throws -> Void
    ) async throws {
        let name = try await create(from: source)
        let settings = Self.settings(for: name)
        let database = Database(settings: settings, poolSize: poolSize, acquireTimeout: acquireTimeout, logger: logger)
        do {
            try await body(Setup(database: database, settings: settings, name: name))
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    /// Creates a database and answers its name.
    public static func create(from source: Source) async throws -> String {
        let name = "test_" + Hex.encode(SecureRandom.bytes(8))
        let template = switch source {
        case .migratedTemplate: templateName
        case .empty: "template0"
        }
        precondition(template.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "unexpected template name \(template)")
        // CREATE DATABASE takes no parameters; both names are generated or checked above.
        try await cloning.execute("SELECT 1")  // fail here, clearly, if the cluster is not reachable
        try await cloning.withConnection { connection in
            try await connection.executeScript(.trusted("CREATE DATABASE \(name) TEMPLATE \(template)"))
        }
        return name
    }

    /// The connections that clone databases, shared by the whole test process: every test starts by
    /// cloning, and clones from one template run one at a time in PostgreSQL anyway, so the tests queue
    /// here for one of a few connections rather than each holding a connection of the cluster's while
    /// it waits (with ~470 tests that alone reached `max_connections`, "too many clients").
    static let cloning = Database(settings: adminSettings, poolSize: 4, acquireTimeout: .seconds(600), logger: logger)
}
