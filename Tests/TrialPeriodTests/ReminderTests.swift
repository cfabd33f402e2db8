import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TrialPeriod

/// Issue 27: the deadline reminders. Candidates whose declaration is still a draft (before the window
/// closes) or sent back (before the review deadline) are reminded `TRIAL_REMINDER_DAYS` (3 and 1) days
/// before; each unit's administrators get one message counting the declarations still waiting for
/// review. However often and from however many callers the job runs, each reminder goes once.
@Suite("Deadline reminders", .timeLimit(.minutes(5)))
struct ReminderTests {
    /// Moves the harness clock to an instant (ISO 8601 with offset).
    static func move(_ h: AppHarness, to text: String) throws {
        let target = try #require(ISO8601DateFormatter().date(from: text))
        h.clock.advance(by: target.timeIntervalSince(h.clock.now()))
    }

    /// The reminders of `kind` in the inbox of the account that WeChat code `code` logs in (a month
    /// on, the sessions the parties started with have lapsed).
    static func reminders(_ h: AppHarness, _ code: String, kind: String) async throws -> [[String: Any]] {
        try await h.inbox(try await h.loginByWeChat(code).token).filter { $0["kind"] as? String == kind }
    }

    static let candidate = "user-trial-1"
    static let unitAdministrator = "user-registrant-301"

    @Test func aDraftIsRemindedOnceThreeDaysAndOnceOneDayBeforeTheWindowCloses() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            // The cycle's window closes 2026-06-30 23:59:59 (China time); the harness starts on 05-29.
            #expect(try await h.trial.reminders.run().declarations == 0)
            try Self.move(h, to: "2026-06-28T00:00:00+08:00")
            #expect(try await h.trial.reminders.run().declarations == 1)
            #expect(try await h.trial.reminders.run().declarations == 0)
            let first = try await Self.reminders(h, Self.candidate, kind: "declaration_deadline_reminder")
            #expect(first.count == 1)
            #expect((first.first?["text"] as? String)?.contains("2026-06-30 23:59") == true)
            #expect((first.first?["text"] as? String)?.contains("草稿") == true)
            let link = try #require(first.first?["link"] as? [String: Any])
            #expect(link["type"] as? String == "trial_application")
            #expect(link["id"] as? String == id)

            try Self.move(h, to: "2026-06-30T08:00:00+08:00")
            #expect(try await h.trial.reminders.run().declarations == 1)
            #expect(try await h.trial.reminders.run().declarations == 0)
            // After the close, a draft can no longer be submitted: no reminder.
            try Self.move(h, to: "2026-07-30T08:00:00+08:00")
            #expect(try await h.trial.reminders.run().declarations == 0)
            #expect(try await Self.reminders(h, Self.candidate, kind: "declaration_deadline_reminder").count == 2)
        }
    }

    /// A job that starts late sends only the most urgent reminder, never the earlier one afterwards.
    @Test func aLateRunSendsOnlyTheOneDayReminder() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            _ = try await h.createDeclaration(p.candidate)
            try Self.move(h, to: "2026-06-30T12:00:00+08:00")
            #expect(try await h.trial.reminders.run().declarations == 1)
            try Self.move(h, to: "2026-06-30T18:00:00+08:00")
            #expect(try await h.trial.reminders.run().declarations == 0)
            #expect(try await Self.reminders(h, Self.candidate, kind: "declaration_deadline_reminder").count == 1)
        }
    }

    /// Submitted and approved declarations remind no candidate; the unit's administrator gets one
    /// message counting the declarations still waiting, before the review deadline (2026-07-31 23:59:59).
    @Test func theUnitGetsOneSummaryOfWhatWaitsAndNoCandidateOfASubmittedOrApprovedDeclarationIsReminded() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let approved = try await h.submittedDeclaration(p)
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(approved)/approve", token: p.unitToken).status == .ok)
            var waiting: [String] = []
            for serial in [1, 2] {
                let code = "user-remind-\(serial)"
                let (token, _) = try await h.verifiedCandidate(code, serial: 880 + serial, name: "赵六")
                #expect(try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"01"}"#, token: token).status == .ok)
                #expect(try await h.bind(token, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken)).status == .ok)
                _ = try await h.submittedDeclaration(token, unitName: p.unitName)
                waiting.append(code)
            }
            try Self.move(h, to: "2026-07-29T09:00:00+08:00")
            let run = try await h.trial.reminders.run()
            #expect(run == ReminderService.Run(declarations: 0, units: 1, ran: true))
            #expect(try await h.trial.reminders.run().units == 0)

            let unit = try await Self.reminders(h, Self.unitAdministrator, kind: "review_deadline_reminder")
            #expect(unit.count == 1)
            #expect((unit.first?["text"] as? String)?.contains("尚有2份") == true)
            let link = try #require(unit.first?["link"] as? [String: Any])
            #expect(link["type"] as? String == "console")
            #expect(link["id"] as? String == "/console/units/\(p.unit)/trial-applications?status=submitted")
            for code in waiting + [Self.candidate] {
                #expect(try await Self.reminders(h, code, kind: "declaration_deadline_reminder").isEmpty)
            }
        }
    }

    /// Two runs at once (two instances): each reminder once. A returned declaration's deadline is the
    /// review deadline, until which its candidate may still correct it.
    @Test func twoRunsAtOnceSendEachReminderOnce() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"材料不全"}"#, token: p.unitToken).status == .ok)
            // Three days before the window closes, a returned declaration is not due yet.
            try Self.move(h, to: "2026-06-28T09:00:00+08:00")
            #expect(try await h.trial.reminders.run().declarations == 0)

            try Self.move(h, to: "2026-07-29T09:00:00+08:00")
            let runs = try await withThrowingTaskGroup(of: ReminderService.Run.self) { group in
                for _ in 0..<2 { group.addTask { try await h.trial.reminders.run() } }
                return try await group.reduce(into: [ReminderService.Run]()) { $0.append($1) }
            }
            #expect(runs.map(\.declarations).reduce(0, +) == 1, "\(runs)")
            let reminders = try await Self.reminders(h, Self.candidate, kind: "declaration_deadline_reminder")
            #expect(reminders.count == 1)
            #expect((reminders.first?["text"] as? String)?.contains("退回") == true)
            #expect((reminders.first?["text"] as? String)?.contains("2026-07-31 23:59") == true)
        }
    }
}
