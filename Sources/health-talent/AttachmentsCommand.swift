import Blocking
import App
import ArgumentParser
import Attachments
import Foundation
import Postgres
import Web

struct AttachmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attachments",
        abstract: "Check and clean the attachment store (safe while the server runs).",
        subcommands: [Verify.self, CollectGarbage.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Re-hash every stored file; report missing and corrupt ones (exit 1 when there are any)."
        )

        func run() async throws {
            let clean = try await withMaintenance { maintenance in
                let report = try await maintenance.verify()
                for path in report.missing { print("missing: \(path)") }
                for path in report.corrupt { print("corrupt: \(path)") }
                print("checked \(report.checked) files: \(report.missing.count) missing, \(report.corrupt.count) corrupt")
                return report.isClean
            }
            if !clean { throw ExitCode.failure }
        }
    }

    struct CollectGarbage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "Remove files no attachment references once older than the grace period, and stray temporary files."
        )

        @Option(help: "Hours an unreferenced file is kept (uploads in progress are younger).")
        var graceHours: Double = 24

        func validate() throws {
            guard graceHours >= 1 else { throw ValidationError("--grace-hours must be at least 1") }
        }

        func run() async throws {
            var settings = AttachmentSettings()
            settings.garbageGracePeriod = graceHours * 3600
            _ = try await withMaintenance(settings: settings) { maintenance in
                let report = try await maintenance.collectGarbage()
                for path in report.removedBlobs { print("removed: \(path)") }
                for path in report.removedTemporaries { print("removed temporary: \(path)") }
                print("removed \(report.removedBlobs.count) files and \(report.removedTemporaries.count) temporary files; kept \(report.kept)")
                return true
            }
        }
    }
}

/// Runs `body` with the maintenance tasks of the configured store and database.
private func withMaintenance(
    settings: AttachmentSettings = AttachmentSettings(), _ body: (AttachmentMaintenance) async throws -> Bool
) async throws -> Bool {
    let environment = try CommandEnvironment.load()
    let database = environment.openDatabase()
    let io = BlockingExecutor(threadCount: 2)
    do {
        let blobs = try AttachmentsModule.openStorage(directory: environment.configuration.attachmentsDirectory, io: io, logger: environment.logger)
        let module = AttachmentsModule(database: database, clock: SystemClock(), blobs: blobs, settings: settings, logger: environment.logger)
        let result = try await body(module.maintenance)
        await database.close()
        await io.shutdown()
        return result
    } catch {
        await database.close()
        await io.shutdown()
        environment.logger.error("attachments command failed: \(error)")
        throw ExitCode.failure
    }
}
