import AppTestSupport
import Console
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing
import Web

/// Issue 28: 个人信息 (`/m/profile`) and 我的地址 (`/m/addresses`) on the candidates' pages, through the
/// same services as `PUT /api/v1/me/profile` and `/api/v1/me/addresses`.
@Suite("Candidate pages: 个人信息 and 我的地址", .timeLimit(.minutes(3)))
struct MobileProfileTests {
    typealias Page = ConsoleClient

    /// The candidate's `/api/v1/me`, through a token of the same account (a second login by SMS).
    static func me(_ h: AppHarness, _ phone: String) async throws -> [String: Any] {
        h.clock.advance(by: 120)
        let (token, _) = try await h.loginBySMS(phone)
        return try await h.request(.get, "/api/v1/me", token: token).json
    }

    @Test func theProfileIsShownAndSavedAsTheAPIWould() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137201")
            let home = try await Page.get(h, "/m/", browser: browser)
            #expect(home.text.contains(#"id="home-profile""#))
            let page = try await Page.get(h, "/m/profile", browser: browser)
            #expect(page.status == .ok)
            #expect(page.text.contains("137****7201"))
            #expect(page.text.contains(#"id="profile-verification">未认证"#))
            #expect(!page.text.contains(#"id="gender-male""#))

            let saved = try await Page.post(
                h, "/m/profile", [("_csrf", try #require(Page.csrf(in: page))), ("ethnicity", "15"), ("email", " Zhang@Example.CN ")], browser: browser
            )
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/m/profile?saved=1")
            let shown = try await Page.get(h, "/m/profile?saved=1", browser: browser)
            #expect(shown.text.contains("已保存"))
            #expect(shown.text.contains(#"<option value="15" selected>土家族</option>"#))
            #expect(shown.text.contains(#"value="zhang@example.cn""#))
            let profile = try #require(try await Self.me(h, "13700137201")["profile"] as? [String: Any])
            #expect(profile["ethnicity"] as? String == "15")
            #expect(profile["email"] as? String == "zhang@example.cn")
        }
    }

    @Test func aBadEmailStandsNextToItsFieldWithTheValuesKeptAndNothingSaved() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137202")
            let page = try await Page.get(h, "/m/profile", browser: browser)
            let refused = try await Page.post(
                h, "/m/profile", [("_csrf", try #require(Page.csrf(in: page))), ("ethnicity", "03"), ("email", "not-an-email")], browser: browser
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"id="email-error""#))
            #expect(refused.text.contains(#"value="not-an-email" aria-invalid="true""#))
            #expect(refused.text.contains(#"<option value="03" selected>回族</option>"#))
            let unknown = try await Page.post(h, "/m/profile", [("_csrf", try #require(Page.csrf(in: page))), ("ethnicity", "99")], browser: browser)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains(#"id="ethnicity-error""#))
            let profile = try #require(try await Self.me(h, "13700137202")["profile"] as? [String: Any])
            #expect(profile["ethnicity"] is NSNull)
            #expect(profile["email"] is NSNull)
        }
    }

    @Test func aPassportHolderEntersTheGenderOnce() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137203")
            #expect(try await MobileVerificationTests.start(h, browser, name: "John Smith", type: "passport", number: "E12345678", method: "manual").status == .seeOther)
            let scan = try await Page.get(h, "/m/verification", browser: browser)
            #expect(try await MobileVerificationTests.scan(h, browser: browser, csrf: Page.csrf(in: scan), front: Samples.jpeg(seed: 71), back: Samples.jpeg(seed: 72)).status == .seeOther)
            let admin = try await h.platformAdmin()
            let queue = try await h.request(.get, "/api/v1/admin/verifications", token: admin)
            let id = try #require((queue.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin).status == .noContent)

            let page = try await Page.get(h, "/m/profile", browser: browser)
            #expect(page.text.contains(#"id="profile-name">John Smith"#))
            #expect(page.text.contains(#"id="profile-gender">未填写"#))
            #expect(page.text.contains(#"id="gender-female""#))
            let saved = try await Page.post(h, "/m/profile", [("_csrf", try #require(Page.csrf(in: page))), ("gender", "female")], browser: browser)
            #expect(saved.status == .seeOther, "\(saved.text)")
            let after = try await Page.get(h, "/m/profile", browser: browser)
            #expect(after.text.contains(#"id="profile-gender">女"#))
            #expect(!after.text.contains(#"id="gender-female""#))
            // Sent again (a stale form): the service's rule, beside the field.
            let again = try await Page.post(h, "/m/profile", [("_csrf", try #require(Page.csrf(in: after))), ("gender", "male")], browser: browser)
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("性别已填写，不能修改"))
        }
    }

    @Test func aProfilePostWithoutTheTokenChangesNothing() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137204")
            let forged = try await Page.post(h, "/m/profile", [("email", "a@b.cn")], browser: browser)
            #expect(forged.status == .forbidden)
            #expect(!(try await Page.get(h, "/m/profile", browser: browser)).text.contains("a@b.cn"))
        }
    }

    static func addressIDs(_ page: TestResponse) -> [String] {
        page.text.matches(of: /<li id="address-([0-9a-f-]{36})">/).map { String($0.1) }
    }

    static func add(_ h: AppHarness, _ browser: ConsoleBrowser, recipient: String, isDefault: Bool = false) async throws -> TestResponse {
        let form = try await Page.get(h, "/m/addresses/new", browser: browser)
        var fields = [("_csrf", try #require(Page.csrf(in: form))), ("recipient", recipient), ("phone", "13800138000"), ("region", "湖北省 武汉市 江岸区"), ("detail", "解放大道1277号")]
        if isDefault { fields.append(("isDefault", "1")) }
        return try await Page.post(h, "/m/addresses", fields, browser: browser)
    }

    @Test func addressesAreAddedEditedMadeDefaultAndDeleted() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137205")
            let empty = try await Page.get(h, "/m/addresses", browser: browser)
            #expect(empty.status == .ok)
            #expect(empty.text.contains(#"id="no-addresses""#))
            #expect(try await Page.get(h, "/m/", browser: browser).text.contains(#"id="home-addresses""#))

            let first = try await Self.add(h, browser, recipient: "张三")
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/m/addresses?saved=1")
            #expect(try await Self.add(h, browser, recipient: "李四").status == .seeOther)
            var list = try await Page.get(h, "/m/addresses", browser: browser)
            let ids = Self.addressIDs(list)
            #expect(ids.count == 2)
            // The first is the default (listed first, no 设为默认 of its own).
            #expect(list.text.contains("张三</strong>"))
            #expect(!list.text.contains(#"id="default-\#(ids[0])""#))
            #expect(list.text.contains(#"id="default-\#(ids[1])""#))

            let made = try await Page.post(h, "/m/addresses/\(ids[1])/default", [("_csrf", try #require(Page.csrf(in: list)))], browser: browser)
            #expect(made.status == .seeOther)
            list = try await Page.get(h, "/m/addresses", browser: browser)
            #expect(Self.addressIDs(list) == [ids[1], ids[0]])

            let edit = try await Page.get(h, "/m/addresses/\(ids[0])", browser: browser)
            #expect(edit.status == .ok)
            #expect(edit.text.contains(#"value="张三""#))
            let edited = try await Page.post(
                h, "/m/addresses/\(ids[0])",
                [("_csrf", try #require(Page.csrf(in: edit))), ("recipient", "张三丰"), ("phone", "13800138001"), ("region", "湖北省 武汉市"), ("detail", "中山大道1号")],
                browser: browser
            )
            #expect(edited.status == .seeOther)
            list = try await Page.get(h, "/m/addresses", browser: browser)
            #expect(list.text.contains("张三丰"))
            #expect(list.text.contains("中山大道1号"))

            let deleted = try await Page.post(h, "/m/addresses/\(ids[1])/delete", [("_csrf", try #require(Page.csrf(in: list)))], browser: browser)
            #expect(deleted.status == .seeOther)
            list = try await Page.get(h, "/m/addresses", browser: browser)
            #expect(Self.addressIDs(list) == [ids[0]])
            #expect(!list.text.contains(#"id="default-\#(ids[0])""#))  // the remaining one became the default
        }
    }

    @Test func addressProblemsStandNextToTheirFieldsWithTheValuesKept() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137206")
            let form = try await Page.get(h, "/m/addresses/new", browser: browser)
            let refused = try await Page.post(
                h, "/m/addresses",
                [("_csrf", try #require(Page.csrf(in: form))), ("recipient", "王五"), ("phone", "12345"), ("region", ""), ("detail", "某路<b>1</b>号")],
                browser: browser
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"id="phone-error""#))
            #expect(refused.text.contains(#"id="region-error""#))
            #expect(!refused.text.contains(#"id="recipient-error""#))
            #expect(refused.text.contains(#"value="王五""#))
            #expect(refused.text.contains(#"value="12345" required aria-invalid="true""#))
            #expect(refused.text.contains("某路&lt;b&gt;1"))
            #expect(Self.addressIDs(try await Page.get(h, "/m/addresses", browser: browser)).isEmpty)
        }
    }

    @Test func anotherCandidatesAddressIsNotFoundAndUnchanged() async throws {
        try await AppHarness.run { h in
            let owner = try await Page.candidatePages(h, phone: "13700137207")
            #expect(try await Self.add(h, owner, recipient: "张三").status == .seeOther)
            let id = try #require(Self.addressIDs(try await Page.get(h, "/m/addresses", browser: owner)).first)
            let other = try await Page.candidatePages(h, phone: "13700137208")
            let page = try await Page.get(h, "/m/addresses", browser: other)
            let csrf = try #require(Page.csrf(in: page))
            #expect(try await Page.get(h, "/m/addresses/\(id)", browser: other).status == .notFound)
            let update = try await Page.post(
                h, "/m/addresses/\(id)", [("_csrf", csrf), ("recipient", "冒名"), ("phone", "13800138000"), ("region", "湖北省"), ("detail", "某路")], browser: other
            )
            #expect(update.status == .notFound)
            #expect(update.text.contains(#"<body class="m">"#))
            #expect(try await Page.post(h, "/m/addresses/\(id)/delete", [("_csrf", csrf)], browser: other).status == .notFound)
            #expect(try await Page.post(h, "/m/addresses/\(id)/default", [("_csrf", csrf)], browser: other).status == .notFound)
            let mine = try await Page.get(h, "/m/addresses", browser: owner)
            #expect(Self.addressIDs(mine) == [id])
            #expect(mine.text.contains("张三</strong>"))
            // Without the token: refused, nothing deleted.
            #expect(try await Page.post(h, "/m/addresses/\(id)/delete", [], browser: owner).status == .forbidden)
            #expect(Self.addressIDs(try await Page.get(h, "/m/addresses", browser: owner)) == [id])
        }
    }
}
