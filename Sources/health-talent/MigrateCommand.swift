import App
import ArgumentParser

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations from MIGRATIONS_DIR and exit."
    )

    func run() async throws {
        let environment = try CommandEnvironment.load()
        try await environment.withDatabase("migration") { database in
            do {
                try await environment.migrate(database)
            } catch {
                environment.logger.critical("migration failed: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
