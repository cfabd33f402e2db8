import ArgumentParser
import Contracts
import Foundation

struct CyclesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycles",
        abstract: "Maintain the exam cycles (one per exam year).",
        subcommands: [Open.self]
    )

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "Create the exam cycle YEAR, or replace its settings (as PUT /api/v1/admin/cycles/{year} does).",
            discussion: "Times are RFC 3339 (2026-01-05T09:00:00+08:00); the trial completion deadline is a date (2026-08-31)."
        )

        @Argument(help: "The exam year.") var year: Int
        @Option(help: "When the declaration window opens (RFC 3339).") var opens: String
        @Option(help: "When the declaration window closes (RFC 3339).") var closes: String
        @Option(help: "When unit reviews end (RFC 3339); defaults to the window's close.") var reviewDeadline: String?
        @Option(help: "The date by which the trial period must be complete (YYYY-MM-DD).") var trialCompletionDeadline: String
        @Option(help: "A UTF-8 file with the notice (申报须知) candidates acknowledge.") var noticeFile: String
        @Option(help: "Required trial months.") var requiredMonths: Int = 12

        func run() async throws {
            let environment = try CommandEnvironment.load()
            func time(_ text: String, _ name: String) throws -> Date {
                guard let date = try? Date(text, strategy: .iso8601) else {
                    FileHandle.standardError.write(Data("health-talent: --\(name) must be an RFC 3339 time such as 2026-01-05T09:00:00+08:00\n".utf8))
                    throw ExitCode.failure
                }
                return date
            }
            let opensAt = try time(opens, "opens"), closesAt = try time(closes, "closes")
            let reviewAt = try reviewDeadline.map { try time($0, "review-deadline") } ?? closesAt
            guard let data = FileManager.default.contents(atPath: noticeFile), let notice = String(data: data, encoding: .utf8) else {
                FileHandle.standardError.write(Data("health-talent: cannot read \(noticeFile) as UTF-8 text\n".utf8))
                throw ExitCode.failure
            }
            let created = try await environment.withModules("cycles open") { modules in
                do {
                    return try await modules.trial.cycles.open(
                        year: year, opensAt: opensAt, closesAt: closesAt, reviewDeadline: reviewAt, trialCompletionDeadline: trialCompletionDeadline,
                        noticeText: notice, requiredTrialMonths: requiredMonths
                    )
                } catch let problem as Problem {
                    for error in problem.errors { FileHandle.standardError.write(Data("health-talent: \(error.field): \(error.message)\n".utf8)) }
                    if problem.errors.isEmpty { FileHandle.standardError.write(Data("health-talent: \(problem.title)\n".utf8)) }
                    throw ExitCode.failure
                }
            }
            print("\(created ? "created" : "updated") cycle \(year)")
        }
    }
}
