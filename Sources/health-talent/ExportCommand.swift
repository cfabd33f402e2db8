import App
import ArgumentParser
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Stream a view of the export schema as CSV (with a header row) or JSON lines.",
        discussion: "An unknown view lists the available ones. --bom starts the output with a UTF-8 byte order mark, so Excel reads Chinese text correctly."
    )

    @Argument(help: "The view, e.g. exam_records.") var view: String
    @Option(help: "Only rows of this year (views with a year or cycle column).") var year: Int?
    @Option(help: "csv or jsonl.") var format: ViewExporter.Format = .csv
    @Flag(help: "Start with a UTF-8 byte order mark.") var bom = false
    @Option(help: "Write here instead of standard output.") var output: String?

    func run() async throws {
        let environment = try CommandEnvironment.load()
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                FileHandle.standardError.write(Data("health-talent: cannot write \(output)\n".utf8))
                throw ExitCode.failure
            }
            handle = file
        } else {
            handle = FileHandle.standardOutput
        }
        if bom { handle.write(Data([0xEF, 0xBB, 0xBF])) }
        defer { if output != nil { try? handle.close() } }
        try await environment.withDatabase("export") { database in
            do {
                _ = try await ViewExporter(database: database).export(view, year: year, format: format) { chunk in
                    handle.write(Data(chunk))
                }
            } catch ViewExporter.Failure.unknownView(let available) {
                FileHandle.standardError.write(Data("health-talent: no view export.\(view); the views are: \(available.joined(separator: ", "))\n".utf8))
                throw ExitCode.failure
            } catch ViewExporter.Failure.noYearColumn(let name) {
                FileHandle.standardError.write(Data("health-talent: export.\(name) has no year column; leave out --year\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

extension ViewExporter.Format: ExpressibleByArgument {}
