import App
import ArgumentParser
import Blocking
import Foundation
import Logging
import Postgres
import Web

@main
struct HealthTalentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health-talent",
        abstract: "Backend of the Hubei health-talent service platform (湖北卫生人才综合服务平台).",
        discussion: "Settings come from environment variables; see README.md.",
        subcommands: [ServeCommand.self, MigrateCommand.self, AdminCommand.self, AttachmentsCommand.self, InstitutionsCommand.self, CyclesCommand.self, ExportCommand.self, PruneCommand.self, NotificationsCommand.self, AuditCommand.self, CrashCommand.self]
    )

    /// ArgumentParser's own `main`, after making sure a crash cannot garble the JSON log.
    static func main() async {
        CrashOutput.prepare()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Hidden: crashes on purpose, as a trap on arithmetic overflow would, so a test can check what a crash
/// leaves on standard output and standard error. It needs no configuration and touches nothing.
struct CrashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "debug-crash", shouldDisplay: false)

    func run() throws {
        let sink = StandardOutputSink()
        StructuredLogHandler(label: "health-talent", format: .json, level: .info, sink: sink)
            .log(event: LogEvent(level: .info, message: "about to crash on purpose", metadata: nil, source: "health-talent", file: #fileID, function: #function, line: #line))
        let factor = Int64(CommandLine.arguments.count)  // not known to the compiler
        print(factor * (Int64.max / 2 + 1))  // overflows: a trap
    }
}

/// What every command starts with: the configuration (or a list of everything wrong with it), logging.
struct CommandEnvironment {
    let configuration: AppConfiguration
    let logger: Logger

    static func load() throws -> CommandEnvironment {
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.load(from: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("health-talent: \(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        let format = configuration.logFormat
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            StructuredLogHandler(label: label, format: format, level: level, sink: StandardOutputSink())
        }
        return CommandEnvironment(configuration: configuration, logger: Logger(label: "health-talent"))
    }

    func openDatabase() -> Database {
        Database(
            settings: configuration.connectionSettings,
            poolSize: configuration.databasePoolSize,
            acquireTimeout: .milliseconds(configuration.databaseAcquireTimeoutMilliseconds),
            logger: logger
        )
    }

    /// Opens the pool, runs `body`, closes the pool whatever happens. An `ExitCode` thrown by `body`
    /// (after it said what went wrong) passes through; any other error is logged as `task` failing and
    /// ends the command with exit code 1.
    func withDatabase<Result>(_ task: String, _ body: (Database) async throws -> Result) async throws -> Result {
        let database = openDatabase()
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch let exit as ExitCode {
            await database.close()
            throw exit
        } catch {
            await database.close()
            logger.error("\(task) failed: \(error)")
            throw ExitCode.failure
        }
    }

    /// `withDatabase` with the modules built as the server builds them (`buildModules`), and a small
    /// pool of threads for the attachment store, shut down afterwards.
    func withModules<Result>(
        _ task: String, configuration: AppConfiguration? = nil, _ body: (Modules) async throws -> Result
    ) async throws -> Result {
        let configuration = configuration ?? self.configuration
        let io = BlockingExecutor(threadCount: 2)
        do {
            let result = try await withDatabase(task) { database in
                let dependencies = Dependencies.live(configuration: configuration, fileIO: io, logger: logger)
                return try await body(try buildModules(configuration: configuration, database: database, dependencies: dependencies, logger: logger))
            }
            await io.shutdown()
            return result
        } catch {
            await io.shutdown()
            throw error
        }
    }

    func migrate(_ database: Database) async throws {
        let migrations = try Migration.load(from: URL(fileURLWithPath: configuration.migrationsDirectory))
        let applied = try await Migrator(database: database, logger: logger).migrate(migrations)
        logger.info("migrations up to date", metadata: ["applied_now": .stringConvertible(applied.count), "known": .stringConvertible(migrations.count)])
    }
}
