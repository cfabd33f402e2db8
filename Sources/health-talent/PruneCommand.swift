import App
import ArgumentParser
import Audit
import Contracts
import Foundation

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
        let removed = try await environment.withModules("prune") { modules in
            var removed: [PrunedRows] = []
            for housekeeper in modules.housekeeping {
                removed += try await housekeeper.prune(at: Date(), batchSize: batchSize)
            }
            try await modules.database.transaction { connection in
                try await connection.record(
                    AuditEvent(
                        action: "housekeeping.prune", entityType: "housekeeping", entityID: "limits",
                        details: Dictionary(uniqueKeysWithValues: removed.map { ($0.table, String($0.count)) })
                    ),
                    origin: .commandLine
                )
            }
            return removed
        }
        for rows in removed { print("\(rows.table): removed \(rows.count)") }
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
            let removed = try await environment.withDatabase("audit prune") { database in
                try await AuditPruner(database: database).prune(olderThanDays: olderThan, batchSize: batchSize, origin: .commandLine)
            }
            print("audit.events: removed \(removed) events older than \(olderThan) days")
        }
    }
}
