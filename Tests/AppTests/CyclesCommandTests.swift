import AppTestSupport
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("The cycles command", .timeLimit(.minutes(3)))
struct CyclesCommandTests {
    @Test func cyclesOpenCreatesThenUpdatesAndRefusesDatesOutOfOrder() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let url = TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
        let environment = ["DATABASE_URL": url, "LOG_FORMAT": "json"]
        let notice = FileManager.default.temporaryDirectory.appendingPathComponent("notice-\(UUID()).txt")
        try "请如实填写试用期信息。\n".write(to: notice, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: notice) }
        func open(_ months: String, closes: String = "2026-03-31T17:00:00+08:00") throws -> TestBinary.Output {
            try TestBinary.run([
                "cycles", "open", "2026", "--opens", "2026-01-05T09:00:00+08:00", "--closes", closes,
                "--trial-completion-deadline", "2026-08-31", "--notice-file", notice.path, "--required-months", months,
            ], environment: environment)
        }
        let first = try open("12")
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        #expect(first.stdout.contains("created cycle 2026"))
        let second = try open("18")
        #expect(second.stdout.contains("updated cycle 2026"), "\(second.stdout) \(second.stderr)")
        let refused = try open("12", closes: "2025-12-31T17:00:00+08:00")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("closesAt"), "\(refused.stderr)")

        let database = Database(settings: ConnectionSettings(url: url), poolSize: 1, logger: TestDatabase.logger)
        let rows = try await database.query("SELECT required_trial_months, notice_text, review_deadline = closes_at AS same FROM trial.cycles")
        await database.close()
        #expect(rows.count == 1)
        #expect(try rows[0].decode(Int.self, "required_trial_months") == 18)
        #expect(try rows[0].decode(String.self, "notice_text") == "请如实填写试用期信息。")
        #expect(try rows[0].decode(Bool.self, "same"))
    }
}
