import AppTestSupport
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Notifications
import Postgres
import Testing

/// Issue 27: a unit administrator sees their messages in the console (newest first, keyset pages,
/// mark one or all read with the console's CSRF token) and the unread count in every page's header.
@Suite("Messages in the console", .timeLimit(.minutes(5)))
struct ConsoleMessageTests {
    typealias Page = ConsoleClient

    static let phone = "13900139101"

    static func unreadInHeader(_ page: TestResponse) -> Int? {
        guard let range = page.text.range(of: #"id="unread-count">"#) else { return nil }
        return Int(page.text[range.upperBound...].prefix { $0.isNumber })
    }

    static func account(_ h: AppHarness, phone: String) async throws -> AccountID {
        let rows = try await h.database.query("SELECT id FROM identity.accounts WHERE phone = $1", [phone])
        return AccountID(try #require(rows.first).decode(UUID.self, "id"))
    }

    @Test func aSubmissionShowsInTheHeaderAndTheListAndMarkingItReadClearsTheCount() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await Page.unitConsole(h, p, phone: Self.phone)
            let home = try await Page.get(h, "/console/units/\(p.unit)", browser: browser)
            #expect(home.status == .ok)
            #expect(Self.unreadInHeader(home) == 0)

            let id = try await h.submittedDeclaration(p)
            let again = try await Page.get(h, "/console/units/\(p.unit)", browser: browser)
            #expect(Self.unreadInHeader(again) == 1)
            let list = try await Page.get(h, "/console/messages", browser: browser)
            #expect(list.status == .ok)
            ConsoleClient.expectSecurityHeaders(list)
            #expect(Self.unreadInHeader(list) == 1)
            #expect(list.text.contains("新的试用期申报待审核"))
            #expect(list.text.contains(#"href="/console/units/\#(p.unit)/trial-applications/\#(id)""#))

            let action = try #require(list.text.range(of: #"action="/console/messages/[0-9a-f-]+/read""#, options: .regularExpression))
            let path = String(list.text[action].dropFirst(#"action=""#.count).dropLast())
            // Without the page's token the form is refused and nothing changes.
            #expect(try await Page.post(h, path, [], browser: browser).status == .forbidden)
            #expect(Self.unreadInHeader(try await Page.get(h, "/console/messages", browser: browser)) == 1)

            let read = try await Page.post(h, path, [("_csrf", try #require(Page.csrf(in: list)))], browser: browser)
            #expect(read.status == .seeOther)
            #expect(read.headers[.location] == "/console/messages")
            let after = try await Page.get(h, "/console/messages", browser: browser)
            #expect(Self.unreadInHeader(after) == 0)
            #expect(after.text.contains("已读"))
            #expect(!after.text.contains(#"id="read-all""#))
        }
    }

    @Test func markAllReadClearsEveryMessageAndAnotherAccountsMessageIsNotFound() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await Page.unitConsole(h, p, phone: Self.phone)
            _ = try await h.submittedDeclaration(p)
            try await h.saveRecord(p)
            _ = try await h.request(.post, "/api/v1/exam-records/2026/me/disputes", json: #"{"message":"毕业学校有误"}"#, token: p.candidate)
            let list = try await Page.get(h, "/console/messages", browser: browser)
            #expect(Self.unreadInHeader(list) == 2)
            #expect(list.text.contains("考生申请更正考试信息"))

            // The candidate's own message is not the administrator's to mark.
            let theirs = try #require(try await h.inbox(p.candidate).first?["id"] as? String)
            let csrf = try #require(Page.csrf(in: list))
            #expect(try await Page.post(h, "/console/messages/\(theirs)/read", [("_csrf", csrf)], browser: browser).status == .notFound)
            #expect(try await h.inbox(p.candidate).first?["readAt"] is NSNull)

            let all = try await Page.post(h, "/console/messages/read-all", [("_csrf", csrf)], browser: browser)
            #expect(all.status == .seeOther)
            #expect(Self.unreadInHeader(try await Page.get(h, "/console/messages", browser: browser)) == 0)
        }
    }

    @Test func theListIsNewestFirstInPagesOfTwenty() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await Page.unitConsole(h, p, phone: Self.phone)
            let account = try await Self.account(h, phone: Self.phone)
            let notifier = NotificationsModule(database: h.database, clock: h.clock, logger: Logger(label: "test")).notifier
            for index in 0..<25 {
                h.clock.advance(by: 60)
                try await h.database.transaction { connection in
                    try await notifier.notify(
                        NotificationEvent(
                            recipient: account, kind: .declarationSubmitted, title: "第\(index)条消息", text: "内容\(index)", link: nil,
                            dedupKey: "console-test:\(index)"
                        ),
                        on: connection
                    )
                }
            }
            let first = try await Page.get(h, "/console/messages", browser: browser)
            #expect(first.text.contains("第24条消息"))
            #expect(!first.text.contains("第4条消息"))
            let titles = first.text.ranges(of: "条消息").count
            #expect(titles == 20)
            let next = try #require(first.text.range(of: #"href="/console/messages\?cursor=[^"]+""#, options: .regularExpression))
            let path = String(first.text[next].dropFirst(#"href=""#.count).dropLast())
            let second = try await Page.get(h, path, browser: browser)
            #expect(second.status == .ok)
            #expect(second.text.contains("第4条消息") && second.text.contains("第0条消息"))
            #expect(!second.text.contains("第5条消息"))
            #expect(!second.text.contains(#"id="next-page""#))
        }
    }
}
