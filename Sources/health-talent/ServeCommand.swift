import App
import ArgumentParser
import Hummingbird
import Postgres

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Apply pending migrations, then serve the HTTP API until SIGTERM or SIGINT."
    )

    @Flag(name: .customLong("no-migrate"), help: "Do not apply migrations at start-up (another process does).")
    var noMigrate = false

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let database = environment.openDatabase()
        if !noMigrate {
            do {
                try await environment.migrate(database)
            } catch {
                environment.logger.critical("cannot start: \(error)")
                await database.close()
                throw ExitCode.failure
            }
        }
        await warnUnlessTerse(database, environment)
        let dependencies = Dependencies.live(configuration: environment.configuration, logger: environment.logger)
        let app = try await build(environment, database, dependencies)
        // Runs until SIGTERM/SIGINT, then stops accepting, finishes in-flight requests and closes the pool.
        try await app.runService()
        environment.logger.info("stopped: in-flight requests finished and the database pool closed")
    }

    /// Migration 0013 sets `log_error_verbosity = terse` for the role when it may; when it could not,
    /// PostgreSQL logs document numbers in unique violations' DETAIL, and the operator hears it here
    /// at every start (docs/operations.md, "PostgreSQL's log").
    private func warnUnlessTerse(_ database: Database, _ environment: CommandEnvironment) async {
        guard let verbosity = try? await database.currentSetting("log_error_verbosity"), verbosity != "terse" else { return }
        environment.logger.warning(
            "PostgreSQL logs error details (document numbers in unique violations): set log_error_verbosity = terse for this role",
            metadata: ["log_error_verbosity": "\(verbosity)"]
        )
    }

    /// The application, or a logged reason why it cannot start (e.g. an unusable ATTACHMENTS_DIR).
    private func build(_ environment: CommandEnvironment, _ database: Database, _ dependencies: Dependencies) async throws -> some ApplicationProtocol {
        do {
            return try buildApplication(
                configuration: environment.configuration, database: database, dependencies: dependencies, logger: environment.logger
            )
        } catch {
            environment.logger.critical("cannot start: \(error)")
            await database.close()
            throw ExitCode.failure
        }
    }
}
