import Audit
import ArgumentParser
import Contracts
import Foundation
import Identity
import Institutions
import Postgres

/// `health-talent prune`: removes ended sessions, unusable SMS codes and the rows of limits whose window
/// has passed, in batches (safe while the server runs; run it from the maintenance timer).
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove expired sessions, SMS codes and rate-limit rows past their windows, in batches (safe while serving)."
    )

    @Option(help: "Rows removed per statement (1–100000).") var batchSize = 1000

    func validate() throws {
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 100000") }
    }

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let database = environment.openDatabase()
        let housekeepers: [any Housekeeping] = [
            IdentityHousekeeping(database: database, settings: environment.configuration.identity),
            InstitutionsHousekeeping(database: database, settings: environment.configuration.institutions),
        ]
        do {
            var removed: [PrunedRows] = []
            for housekeeper in housekeepers {
                removed += try await housekeeper.prune(at: Date(), batchSize: batchSize)
            }
            try await database.transaction { connection in
                try await connection.record(
                    AuditEvent(
                        action: "housekeeping.prune", entityType: "housekeeping", entityID: "limits",
                        details: Dictionary(uniqueKeysWithValues: removed.map { ($0.table, String($0.count)) })
                    ),
                    origin: .commandLine
                )
            }
            await database.close()
            for rows in removed { print("\(rows.table): removed \(rows.count)") }
        } catch {
            await database.close()
            environment.logger.error("prune failed: \(error)")
            throw ExitCode.failure
        }
    }
}

/// `health-talent audit prune --older-than DAYS`: the audit trail past its retention period.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Maintain the audit trail.",
        subcommands: [Prune.self]
    )

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Remove audit events older than DAYS days (at least 180: the legal minimum is six months).",
            discussion: "Only events older than 180 days can be removed at all: audit.events refuses every other change in the database itself."
        )

        @Option(name: .customLong("older-than"), help: "Age in days of the events to remove (at least 180).") var olderThan: Int
        @Option(help: "Rows removed per transaction (1–100000).") var batchSize = 1000

        func validate() throws {
            guard olderThan >= AuditPruner.minimumDays else {
                throw ValidationError("--older-than must be at least \(AuditPruner.minimumDays) days: audit events are kept at least six months")
            }
            guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 100000") }
        }

        func run() async throws {
            let environment = try CommandEnvironment.load()
            let database = environment.openDatabase()
            do {
                let removed = try await AuditPruner(database: database).prune(olderThanDays: olderThan, batchSize: batchSize, origin: .commandLine)
                await database.close()
                print("audit.events: removed \(removed) events older than \(olderThan) days")
            } catch {
                await database.close()
                environment.logger.error("audit prune failed: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
