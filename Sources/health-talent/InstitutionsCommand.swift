import ArgumentParser
import Foundation
import Institutions
import Postgres
import Web

struct InstitutionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "institutions",
        abstract: "Maintain the institution registry.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import institutions from CSV (name, uscc, superior unit, category, region, address); idempotent on USCC.",
            discussion: "Every bad row is reported with its line number; good rows are imported in transactions of 1,000. Exit 1 when any row was bad."
        )

        @Argument(help: "The CSV file (UTF-8; a header line is skipped).")
        var file: String

        func run() async throws {
            let environment = try CommandEnvironment.load()
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                FileHandle.standardError.write(Data("health-talent: cannot read \(file) as UTF-8 text\n".utf8))
                throw ExitCode.failure
            }
            let database = environment.openDatabase()
            let report: InstitutionImporter.Report
            do {
                report = try await InstitutionImporter(database: database, clock: SystemClock(), logger: environment.logger).importCSV(text)
                await database.close()
            } catch {
                await database.close()
                environment.logger.error("institutions import failed: \(error)")
                throw ExitCode.failure
            }
            for bad in report.bad { print("line \(bad.line): \(bad.reason)") }
            print("created \(report.created), updated \(report.updated), unchanged \(report.unchanged), bad \(report.bad.count)")
            if !report.bad.isEmpty { throw ExitCode.failure }
        }
    }
}
