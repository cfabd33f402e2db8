import App
import ArgumentParser
import Postgres

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations from MIGRATIONS_DIR and exit."
    )

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let database = environment.openDatabase()
        do {
            try await environment.migrate(database)
            await database.close()
        } catch {
            environment.logger.critical("migration failed: \(error)")
            await database.close()
            throw ExitCode.failure
        }
    }
}
