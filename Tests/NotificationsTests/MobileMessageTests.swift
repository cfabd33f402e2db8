import AppTestSupport
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Notifications
import Postgres
import Testing

/// Issue 28: 授权访问消息 and 消息设置 on the candidates' pages (`/m/messages`): the header's count, the
/// list, opening a message marks it read and goes to its page, someone else's message is not found, and
/// the preferences are the API's.
@Suite("Candidate pages: messages and their settings", .timeLimit(.minutes(3)))
struct MobileMessageTests {
    typealias Page = ConsoleClient

    static func unreadInHeader(_ page: TestResponse) -> Int? {
        guard let range = page.text.range(of: #"id="unread-count">"#) else { return page.text.contains(#"id="messages-link""#) ? 0 : nil }
        return Int(page.text[range.upperBound...].prefix { $0.isNumber })
    }

    static func notify(_ h: AppHarness, _ account: AccountID, title: String, link: NotificationLink?, key: String) async throws {
        let notifier = NotificationsModule(database: h.database, clock: h.clock, logger: Logger(label: "test")).notifier
        h.clock.advance(by: 60)
        try await h.database.transaction { connection in
            try await notifier.notify(
                NotificationEvent(recipient: account, kind: .declarationReturned, title: title, text: "请补充毕业证书编号", link: link, dedupKey: key),
                on: connection
            )
        }
    }

    @Test func openingAMessageMarksItReadAndGoesToItsPage() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137101")
            let token = try #require(browser.cookies["ht_m"])
            let me = try await h.request(.get, "/api/v1/me", token: token).json["id"] as? String
            let account = AccountID(try #require(me.flatMap { UUID(uuidString: $0) }))
            let declaration = UUID()
            try await Self.notify(h, account, title: "试用期申报被退回", link: NotificationLink(type: "trial_application", id: declaration.uuidString.lowercased()), key: "m:1")
            try await Self.notify(h, account, title: "考试信息待确认", link: NotificationLink(type: "exam_record", id: "2026"), key: "m:2")

            let home = try await Page.get(h, "/m/", browser: browser)
            #expect(Self.unreadInHeader(home) == 2)
            #expect(home.text.contains("2 条未读"))
            let list = try await Page.get(h, "/m/messages", browser: browser)
            #expect(list.status == .ok)
            Page.expectSecurityHeaders(list)
            // Newest first.
            let first = try #require(list.text.range(of: "考试信息待确认"))
            let second = try #require(list.text.range(of: "试用期申报被退回"))
            #expect(first.lowerBound < second.lowerBound)

            let messages = try await h.inbox(token)
            let returned = try #require(messages.first { $0["title"] as? String == "试用期申报被退回" }?["id"] as? String)
            let csrf = try #require(Page.csrf(in: list))
            #expect(try await Page.post(h, "/m/messages/\(returned)/read", [("open", "1")], browser: browser).status == .forbidden)
            #expect(Self.unreadInHeader(try await Page.get(h, "/m/", browser: browser)) == 2)

            let opened = try await Page.post(h, "/m/messages/\(returned)/read", [("_csrf", csrf), ("open", "1")], browser: browser)
            #expect(opened.status == .seeOther)
            #expect(opened.headers[.location] == "/m/declarations/\(declaration.uuidString.lowercased())")
            let after = try await Page.get(h, "/m/messages", browser: browser)
            #expect(Self.unreadInHeader(after) == 1)
            // A message read shows its page as a link; the exam record's opens the year's page.
            #expect(after.text.contains(#"<a class="button secondary" href="/m/declarations/\#(declaration.uuidString.lowercased())">查看</a>"#))
            let record = try #require(messages.first { $0["title"] as? String == "考试信息待确认" }?["id"] as? String)
            let marked = try await Page.post(h, "/m/messages/\(record)/read", [("_csrf", csrf)], browser: browser)
            #expect(marked.headers[.location] == "/m/messages")
            #expect(try await h.inbox(token).allSatisfy { !($0["readAt"] is NSNull) })
            #expect(Self.unreadInHeader(try await Page.get(h, "/m/messages", browser: browser)) == 0)
        }
    }

    @Test func anotherCandidatesMessageIsNotFoundAndReadAllClearsTheCount() async throws {
        try await AppHarness.run { h in
            let mine = try await Page.candidatePages(h, phone: "13700137102")
            let theirs = try await Page.candidatePages(h, phone: "13700137103")
            let myToken = try #require(mine.cookies["ht_m"])
            let theirToken = try #require(theirs.cookies["ht_m"])
            for (index, token) in [myToken, myToken, theirToken].enumerated() {
                let id = try await h.request(.get, "/api/v1/me", token: token).json["id"] as? String
                try await Self.notify(h, AccountID(try #require(id.flatMap { UUID(uuidString: $0) })), title: "消息\(index)", link: nil, key: "m:\(index)")
            }
            let other = try #require(try await h.inbox(theirToken).first?["id"] as? String)
            let list = try await Page.get(h, "/m/messages", browser: mine)
            #expect(!list.text.contains("消息2"))
            let csrf = try #require(Page.csrf(in: list))
            let refused = try await Page.post(h, "/m/messages/\(other)/read", [("_csrf", csrf)], browser: mine)
            #expect(refused.status == .notFound)
            #expect(refused.text.contains("未找到该页面"))
            #expect(try await h.inbox(theirToken).first?["readAt"] is NSNull)

            let all = try await Page.post(h, "/m/messages/read-all", [("_csrf", csrf)], browser: mine)
            #expect(all.status == .seeOther)
            #expect(Self.unreadInHeader(try await Page.get(h, "/m/messages", browser: mine)) == 0)
            #expect(Self.unreadInHeader(try await Page.get(h, "/m/messages", browser: theirs)) == 1)
        }
    }

    @Test func settingsTurnKindsOffButNotTheDecisiveOnes() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137104")
            let token = try #require(browser.cookies["ht_m"])
            let page = try await Page.get(h, "/m/messages/settings", browser: browser)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"value="declaration_returned" checked disabled"#))
            #expect(page.text.contains(#"value="declaration_deadline_reminder" checked>"#))
            let csrf = try #require(Page.csrf(in: page))
            // Only 实名认证通过 left ticked (a disabled box is never sent: the decisive kinds stay on).
            let saved = try await Page.post(h, "/m/messages/settings", [("_csrf", csrf), ("on", "verification_approved")], browser: browser)
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/m/messages/settings?done=saved")
            let preferences = try await h.request(.get, "/api/v1/me/message-preferences", token: token).json["preferences"] as? [[String: Any]] ?? []
            let enabled = Set(preferences.filter { $0["enabled"] as? Bool == true }.compactMap { $0["kind"] as? String })
            #expect(enabled == ["verification_approved", "declaration_returned", "declaration_modification_allowed"])
            let shown = try await Page.get(h, "/m/messages/settings?done=saved", browser: browser)
            #expect(shown.text.contains("设置已保存。"))
            #expect(shown.text.contains(#"value="declaration_deadline_reminder">"#))
            // Without the token nothing changes.
            #expect(try await Page.post(h, "/m/messages/settings", [("on", "declaration_deadline_reminder")], browser: browser).status == .forbidden)
            let again = try await h.request(.get, "/api/v1/me/message-preferences", token: token).json["preferences"] as? [[String: Any]] ?? []
            #expect(again.first { $0["kind"] as? String == "declaration_deadline_reminder" }?["enabled"] as? Bool == false)
        }
    }
}
