import AppTestSupport
import Foundation
import HTTPTypes
import Testing

/// Issue 26, item 4: the exam-information year is the exam year (the latest cycle that has opened, or
/// `EXAM_YEAR`), not the calendar year: pre-registration for the 2027 exam runs in late 2026.
@Suite("The exam year of /me and the exam-information lists", .timeLimit(.minutes(3)))
struct ExamYearTests {
    /// The 2027 cycle, opening on 2026-10-01 (the harness clock starts on 2026-05-29).
    static let cycle2027 = AppHarness.cycleBody(
        year: 2027, opensAt: "2026-10-01T00:00:00+08:00", closesAt: "2026-12-31T23:59:59+08:00", reviewDeadline: "2027-01-31T23:59:59+08:00"
    )

    static func examYear(_ h: AppHarness, _ token: String) async throws -> Int? {
        (try await h.request(.get, "/api/v1/me", token: token).json["examRecord"] as? [String: Any])?["year"] as? Int
    }

    @Test func meFollowsTheLatestCycleThatHasOpened() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (candidate, _) = try await h.loginByWeChat("user-exam-year")
            // No cycle at all: the calendar year in China.
            #expect(try await Self.examYear(h, candidate) == 2026)
            try await h.openCycle(admin: admin, body: Self.cycle2027)
            // Created, not yet open: still 2026.
            #expect(try await Self.examYear(h, candidate) == 2026)
            let opens = try #require(ISO8601DateFormatter().date(from: "2026-10-01T00:00:00+08:00"))
            h.clock.advance(by: opens.timeIntervalSince(h.clock.now()) - 1)
            let (before, _) = try await h.loginByWeChat("user-exam-year")
            #expect(try await Self.examYear(h, before) == 2026)
            h.clock.advance(by: 1)
            let (after, _) = try await h.loginByWeChat("user-exam-year")
            #expect(try await Self.examYear(h, after) == 2027)
            // Still 2027 after the new calendar year begins, until a 2028 cycle opens.
            h.clock.advance(by: 120 * 86_400)
            let (later, _) = try await h.loginByWeChat("user-exam-year")
            #expect(try await Self.examYear(h, later) == 2027)
            // The fresh read (PUT /me/profile answers /me read afresh) says the same.
            let fresh = try await h.request(.put, "/api/v1/me/profile", json: "{}", token: later)
            #expect((fresh.json["examRecord"] as? [String: Any])?["year"] as? Int == 2027)
        }
    }

    @Test func theUnitsListDefaultsToTheExamYear() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.openCycle(admin: p.admin, body: Self.cycle2027)
            let opens = try #require(ISO8601DateFormatter().date(from: "2026-10-01T00:00:00+08:00"))
            h.clock.advance(by: opens.timeIntervalSince(h.clock.now()) + 60)
            let (unit, _) = try await h.loginByWeChat("user-registrant-301")
            let (candidate, _) = try await h.loginByWeChat("user-trial-1")
            let saved = try await h.request(.put, h.recordPath(p, year: 2027), json: AppHarness.recordBody(), token: unit)
            #expect(saved.status == .created, "\(saved.text)")

            let list = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records", token: unit)
            #expect((list.json["items"] as? [[String: Any]])?.first?["status"] as? String == "awaiting_confirmation", "\(list.text)")
            let calendarYear = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records?year=2026", token: unit)
            #expect((calendarYear.json["items"] as? [[String: Any]])?.first?["status"] as? String == "not_entered")
            let me = try await h.request(.get, "/api/v1/me", token: candidate).json["examRecord"] as? [String: Any]
            #expect(me?["year"] as? Int == 2027)
            #expect(me?["status"] as? String == "awaiting_confirmation")
            // The candidate's own record by `current`: the same exam year.
            let current = try await h.request(.get, "/api/v1/exam-records/current/me", token: candidate)
            #expect(current.status == .ok, "\(current.text)")
            #expect(current.json["year"] as? Int == 2027)
            #expect(current.json["status"] as? String == "awaiting_confirmation")
        }
    }

    @Test func aConfiguredYearOverridesTheCycles() async throws {
        try await AppHarness.run(environment: ["EXAM_YEAR": "2030"]) { h in
            let p = try await h.trialParties()
            #expect(try await Self.examYear(h, p.candidate) == 2030)
            let saved = try await h.request(.put, h.recordPath(p, year: 2030), json: AppHarness.recordBody(), token: p.unitToken)
            #expect(saved.status == .created, "\(saved.text)")
            let list = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records", token: p.unitToken)
            #expect((list.json["items"] as? [[String: Any]])?.first?["status"] as? String == "awaiting_confirmation", "\(list.text)")
            // /me stays one statement with the configured year.
            let before = await h.database.poolStatistics
            #expect(try await h.request(.get, "/api/v1/me", token: p.candidate).status == .ok)
            let after = await h.database.poolStatistics
            #expect(after.statements - before.statements == 1)
        }
    }
}
