import App
import ArgumentParser
import Contracts
import Foundation
import Notifications

/// `health-talent notifications retry --failed-since TIME`: failed deliveries (WeChat was down longer
/// than the retry limit) become due again; the running servers' workers send them.
struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Operate the delivery of notifications.",
        subcommands: [Retry.self]
    )

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Make failed deliveries whose last attempt was at or after TIME due again (safe while serving)."
        )

        @Option(
            name: .customLong("failed-since"),
            help: "ISO 8601 time (2026-06-01T08:00:00+08:00) or a date (2026-06-01, midnight China time)."
        )
        var failedSince: String

        static func parse(_ text: String) -> Date? {
            if let time = ISO8601DateFormatter().date(from: text) { return time }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
            formatter.dateFormat = "yyyy-MM-dd"
            return text.count == 10 ? formatter.date(from: text) : nil
        }

        func validate() throws {
            guard Self.parse(failedSince) != nil else {
                throw ValidationError("--failed-since must be an ISO 8601 time (2026-06-01T08:00:00+08:00) or a date (2026-06-01)")
            }
        }

        func run() async throws {
            let since = Self.parse(failedSince)!
            let environment = try CommandEnvironment.load()
            let count = try await environment.withDatabase("notifications retry") { database in
                try await DeliveryRetry(database: database).retryFailed(since: since, at: Date(), origin: .commandLine)
            }
            print("notifications.deliveries: \(count) failed deliveries due again")
        }
    }
}
