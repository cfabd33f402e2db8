import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import Web

/// Issue 15: the platform's exports of any `export` view, streamed, and the read-only audit viewer.
@Suite("Console: exports and the audit viewer", .timeLimit(.minutes(3)))
struct ConsoleOperationsTests {
    typealias Page = ConsoleClient

    @Test func aViewIsDownloadedAsCSVForExcelAndTheDownloadIsAudited() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            _ = try await h.submittedDeclaration(p)
            let browser = try await ConsoleClient.platformConsole(h)
            let list = try await Page.get(h, "/console/platform/exports", browser: browser)
            #expect(list.text.contains("/console/platform/exports/trial_applications"))

            let all = try await Page.get(h, "/console/platform/exports/trial_applications", browser: browser)
            #expect(all.status == .ok)
            #expect(all.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = all.text.split(separator: "\n")
            #expect(lines.first?.hasPrefix("\u{FEFF}") == true)
            #expect(lines.count == 2, "\(all.text)")
            #expect(all.text.contains("王小明"))
            let none = try await Page.get(h, "/console/platform/exports/trial_applications?year=2030", browser: browser)
            #expect(none.text.split(separator: "\n").count == 1)  // the header only

            #expect(try await Page.get(h, "/console/platform/exports/no_such_view", browser: browser).status == .notFound)
            #expect(try await Page.get(h, "/console/platform/exports/trial_applications?year=20x", browser: browser).status == .unprocessableContent)
            let audited = try await h.database.query(
                "SELECT count(*)::int AS n FROM audit.events WHERE action = 'export.download' AND entity_id = 'trial_applications'"
            )[0].decode(Int.self, "n")
            #expect(audited == 2)
        }
    }

    /// Issue 24: the COPY starts only once the answer's head is written, so a client gone before then
    /// leaves no COPY behind holding a thread and a pooled connection.
    @Test func anExportWhoseClientLeavesBeforeTheAnswerGivesItsConnectionBack() async throws {
        try await AppHarness.run { h in
            let browser = try await ConsoleClient.platformConsole(h)
            // Far more rows than the chunks that may wait for a client: a COPY nobody reads blocks.
            try await h.database.withConnection {
                try await $0.executeScript("CREATE VIEW export.numbers AS SELECT g AS n FROM generate_series(1, 100000) g")
            }
            let cookie = try #require(browser.header[.cookie])
            // The client leaves while the request waits in its handler, just before the answer.
            try await h.leaveWhileHandled("GET /console/platform/exports/numbers HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\n\r\n")
            let audited = try await RawHTTP.eventually {
                try await h.database.query("SELECT count(*)::int AS n FROM audit.events WHERE action = 'export.download'")[0]
                    .decode(Int.self, "n") == 1
            }
            #expect(audited)
            let returned = try await RawHTTP.eventually {
                let copying = try await h.database.query(
                    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND query LIKE 'COPY%'"
                )[0].decode(Int.self, "n")
                let inUse = await h.database.poolStatistics.inUse
                return copying == 0 && inUse == 0
            }
            try #require(returned, "a COPY still holds a connection")
            // And exports work as before.
            let whole = try await Page.get(h, "/console/platform/exports/numbers", browser: browser)
            #expect(whole.text.split(separator: "\n").count == 100_001)
        }
    }

    @Test func theAuditViewerFindsEventsByEntityAndByActorAndPages() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let browser = try await ConsoleClient.platformConsole(h)
            let empty = try await Page.get(h, "/console/platform/audit", browser: browser)
            #expect(empty.text.contains("请按对象或操作人查询"))

            let byEntity = try await Page.get(h, "/console/platform/audit?type=trial_application&id=\(id)", browser: browser)
            #expect(byEntity.status == .ok)
            #expect(byEntity.text.contains("trial.application.submit"))
            #expect(byEntity.text.contains("trial.application.create"))
            #expect(!byEntity.text.contains("auth.login"))

            let byActor = try await Page.get(h, "/console/platform/audit?actor=\(p.account)", browser: browser)
            #expect(byActor.text.contains("trial.application.submit"))
            #expect(byActor.text.contains("employment.bind"))
            #expect(try await Page.get(h, "/console/platform/audit?actor=nobody", browser: browser).status == .unprocessableContent)

            // Fifty to a page, newest first; the next page starts where the first ended.
            for round in 0..<60 {
                _ = try await h.request(.put, "/api/v1/me/profile", json: #"{"email":"r\#(round)@example.com"}"#, token: p.candidate)
            }
            let first = try await Page.get(h, "/console/platform/audit?actor=\(p.account)", browser: browser)
            let next = try #require(first.text.range(of: #"/console/platform/audit\?actor=[0-9a-f-]+&amp;cursor=[A-Za-z0-9_-]+"#, options: .regularExpression))
            let link = String(first.text[next]).replacingOccurrences(of: "&amp;", with: "&")
            let second = try await Page.get(h, link, browser: browser)
            #expect(second.status == .ok)
            #expect(second.text.contains("trial.application.submit"))  // older events are on the later page
            #expect(!first.text.contains("trial.application.submit"))
            // A position the viewer did not issue (another list's, or none at all) is refused.
            let timePosition = KeysetCursor(time: Date(), id: UUID()).encoded
            #expect(try await Page.get(h, "/console/platform/audit?actor=\(p.account)&cursor=\(timePosition)", browser: browser).status == .unprocessableContent)
            #expect(try await Page.get(h, "/console/platform/audit?actor=\(p.account)&cursor=nonsense", browser: browser).status == .unprocessableContent)
        }
    }

    @Test func aUnitAdministratorCannotExportOrReadTheAuditTrail() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await ConsoleClient.unitConsole(h, p)
            #expect(try await Page.get(h, "/console/platform/exports/trial_applications", browser: browser).status == .forbidden)
            #expect(try await Page.get(h, "/console/platform/audit?actor=\(p.account)", browser: browser).status == .forbidden)
        }
    }
}
