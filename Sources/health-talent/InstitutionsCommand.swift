import ArgumentParser
import Foundation
import Contracts
import Tabular

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
            let report = try await environment.withModules("institutions import") { modules in
                do {
                    return try await modules.institutions.importer.importCSV(try CSVText.decode(Array(data)).text)
                } catch let problem as Problem {
                    // The file as a whole cannot be imported: say why, as the console does.
                    let reasons = problem.errors.map { "\($0.field): \($0.message)" }
                    FileHandle.standardError.write(Data("health-talent: \(file): \((reasons.isEmpty ? [problem.title] : reasons).joined(separator: "; "))\n".utf8))
                    throw ExitCode.failure
                }
            }
            for bad in report.bad { print("line \(bad.line): \(bad.reason)") }
            print("created \(report.created), updated \(report.updated), unchanged \(report.unchanged), bad \(report.bad.count)")
            if !report.bad.isEmpty { throw ExitCode.failure }
        }
    }
}
