import AppTestSupport
import Console
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 15: exam cycles (考试周期) for platform administrators in the console.
@Suite("Console: exam cycles", .timeLimit(.minutes(3)))
struct ConsoleCycleTests {
    typealias Page = ConsoleClient

    @Test func localTimesAreChinaTime() throws {
        let instant = try #require(ConsoleFormat.instant(fromLocalInput: "2026-03-01T09:30"))
        #expect(instant == Date(timeIntervalSince1970: 1_772_328_600))  // 2026-03-01T01:30:00Z
        #expect(ConsoleFormat.localInput(instant) == "2026-03-01T09:30")
        for bad in ["", "2026-03-01", "2026-02-30T09:30", "2026-03-01T24:00", "2026-03-01T9:30", "x"] {
            #expect(ConsoleFormat.instant(fromLocalInput: bad) == nil, "\(bad)")
        }
    }

    @Test func aPlatformAdministratorCreatesAndEditsACycleWithErrorsNextToTheirFields() async throws {
        try await AppHarness.run { h in
            let browser = try await ConsoleClient.platformConsole(h)
            let page = try await Page.get(h, "/console/platform/cycles", browser: browser)
            #expect(page.status == .ok)
            let csrf = try #require(Page.csrf(in: page))
            let fields: [(String, String)] = [
                ("_csrf", csrf), ("year", "2027"), ("opensAt", "2027-03-01T09:00"), ("closesAt", "2027-02-01T17:00"),
                ("reviewDeadline", "2027-03-20T17:00"), ("trialCompletionDeadline", "2027-07-31"), ("requiredTrialMonths", "12"),
                ("noticeText", "请如实填写。"),
            ]
            let refused = try await Page.post(h, "/console/platform/cycles", fields, browser: browser)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains("id=\"cycle-closesAt-error\""))
            #expect(refused.text.contains("value=\"2027-02-01T17:00\""))  // kept as typed
            #expect(try await h.database.query("SELECT count(*)::int AS n FROM trial.cycles")[0].decode(Int.self, "n") == 0)

            var fixed = fields.filter { $0.0 != "closesAt" }
            fixed.append(("closesAt", "2027-03-15T17:00"))
            let created = try await Page.post(h, "/console/platform/cycles", fixed, browser: browser)
            #expect(created.status == .seeOther, "\(created.text)")
            let row = try await h.database.query("SELECT opens_at, required_trial_months FROM trial.cycles WHERE year = 2027")[0]
            #expect(try row.decode(Date.self, "opens_at") == ConsoleFormat.instant(fromLocalInput: "2027-03-01T09:00"))

            let edit = try await Page.get(h, "/console/platform/cycles/2027", browser: browser)
            #expect(edit.text.contains("value=\"2027-03-01T09:00\""))
            var changed = fixed.filter { $0.0 != "requiredTrialMonths" && $0.0 != "year" }
            changed.append(("requiredTrialMonths", "6"))
            #expect(try await Page.post(h, "/console/platform/cycles/2027", changed, browser: browser).status == .seeOther)
            let months = try await h.database.query("SELECT required_trial_months FROM trial.cycles WHERE year = 2027")[0]
            #expect(try months.decode(Int.self, "required_trial_months") == 6)
            let events = try await h.database.query("SELECT count(*)::int AS n FROM audit.events WHERE entity_type = 'trial_cycle'")[0]
            #expect(try events.decode(Int.self, "n") == 2)
        }
    }

    /// Issue 26: the eligibility table is edited with the cycle, as JSON, its problems under the textarea.
    @Test func theEligibilityTableIsEditedWithTheCycle() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            try await h.openCycle(admin: admin)
            let browser = try await ConsoleClient.platformConsole(h)
            let edit = try await Page.get(h, "/console/platform/cycles/2026", browser: browser)
            #expect(edit.text.contains("id=\"cycle-eligibility\""))
            #expect(edit.text.contains("2002-10-31"), "the stored table is in the form")
            let csrf = try #require(Page.csrf(in: edit))
            let fields: [(String, String)] = [
                ("_csrf", csrf), ("opensAt", "2026-01-01T00:00"), ("closesAt", "2026-06-30T23:59"), ("reviewDeadline", "2026-07-31T23:59"),
                ("trialCompletionDeadline", "2026-08-31"), ("requiredTrialMonths", "12"), ("noticeText", "请如实填写。"),
            ]
            let table = #"{"routes":[{"examLevel":"physician","route":"trial","educationLevels":["doctorate"]}],"transitionalProvision":false,"studyFormLimits":[],"unfinishedTrialAllowedFor":"#
            let refused = try await Page.post(h, "/console/platform/cycles/2026", fields + [("eligibility", table + #""never"}"#)], browser: browser)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains("id=\"cycle-eligibility-error\""))
            #expect(refused.text.contains("unfinishedTrialAllowedFor"))
            let saved = try await Page.post(h, "/console/platform/cycles/2026", fields + [("eligibility", table + #""everyone"}"#)], browser: browser)
            #expect(saved.status == .seeOther, "\(saved.text)")
            let stored = try await h.database.query("SELECT eligibility->>'unfinishedTrialAllowedFor' AS allowed FROM trial.cycles WHERE year = 2026")[0]
            #expect(try stored.decode(String.self, "allowed") == "everyone")
            // Left blank, the table stays.
            #expect(try await Page.post(h, "/console/platform/cycles/2026", fields + [("eligibility", " ")], browser: browser).status == .seeOther)
            let kept = try await h.database.query("SELECT jsonb_array_length(eligibility->'routes') AS n FROM trial.cycles WHERE year = 2026")[0]
            #expect(try kept.decode(Int.self, "n") == 1)
        }
    }
}
