import ArgumentParser
import Foundation
import Contracts
import Institutions
import Postgres
import Tabular
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

        @Argument(help: "The CSV file (UTF-8 or GBK; a header line in English or Chinese names the columns).")
        var file: String

        func run() async throws {
            let environment = try CommandEnvironment.load()
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("health-talent: cannot read \(file)\n".utf8))
                throw ExitCode.failure
            }
            let database = environment.openDatabase()
            let report: InstitutionImporter.Report
            do {
                let text = try CSVText.decode(Array(data)).text
                report = try await InstitutionImporter(database: database, clock: SystemClock(), logger: environment.logger).importCSV(text)
                await database.close()
            } catch let problem as Problem {
                await database.close()
                // The file as a whole cannot be imported: say why, as the console does.
                let reasons = problem.errors.map { "\($0.field): \($0.message)" }
                FileHandle.standardError.write(Data("health-talent: \(file): \((reasons.isEmpty ? [problem.title] : reasons).joined(separator: "; "))\n".utf8))
                throw ExitCode.failure
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
