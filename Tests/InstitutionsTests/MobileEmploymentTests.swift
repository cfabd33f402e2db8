import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 28: 工作单位 and 机构注册 on the candidates' pages (`/m/employment`), through the same services
/// as the API: search, pick, the 单位确认码 (its problems beside the field), 解绑, the history.
@Suite("Candidate pages: 工作单位 and 机构注册", .timeLimit(.minutes(3)))
struct MobileEmploymentTests {
    typealias Page = ConsoleClient

    /// A candidate signed in on /m, verified through the API with the session's own token (the cookie's
    /// value is a session token like the API's), as a candidate who verified in the mini-program.
    static func verifiedCandidate(_ h: AppHarness, phone: String, serial: Int) async throws -> (browser: ConsoleBrowser, token: String) {
        let browser = try await Page.candidatePages(h, phone: phone)
        let token = try #require(browser.cookies["ht_m"])
        let front = try await h.upload(Samples.jpeg(seed: UInt8(serial % 200)), purpose: "id_document_front", token: token)
        let back = try await h.upload(Samples.jpeg(seed: UInt8(serial % 200) &+ 1), purpose: "id_document_back", token: token)
        #expect(try await h.startVerification(token, number: AppHarness.residentID(serial: serial)).status == .created)
        let scanned = try await h.scan(token, try #require(front.json["id"] as? String), try #require(back.json["id"] as? String))
        #expect(scanned.json["status"] as? String == "verified", "\(scanned.text)")
        return (browser, token)
    }

    static func text(of id: String, in page: TestResponse) -> String? {
        guard let start = page.text.range(of: "id=\"\(id)\"") else { return nil }
        let after = page.text[start.upperBound...]
        guard let open = after.firstIndex(of: ">") else { return nil }
        return String(after[after.index(after: open)...].prefix { $0 != "<" })
    }

    @Test func aCandidateSearchesPicksEntersTheCodeThenUnbinds() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unitToken, unit) = try await h.approvedInstitution("武汉市中心医院", serial: 41, admin: admin)
            let (browser, token) = try await Self.verifiedCandidate(h, phone: "13700137001", serial: 41)

            let empty = try await Page.get(h, "/m/employment", browser: browser)
            #expect(empty.status == .ok)
            Page.expectSecurityHeaders(empty)
            #expect(empty.text.contains("id=\"no-unit\""))
            #expect(empty.text.contains("href=\"/m/employment/register\""))
            #expect(try await Page.get(h, "/m/", browser: browser).text.contains("未绑定"))

            let found = try await Page.get(h, "/m/employment/search?q=%E4%B8%AD%E5%BF%83", browser: browser)  // 中心
            #expect(found.status == .ok)
            #expect(found.text.contains("武汉市中心医院"))
            #expect(found.text.contains("href=\"/m/employment/bind/\(unit)\""))

            let form = try await Page.get(h, "/m/employment/bind/\(unit)", browser: browser)
            #expect(form.status == .ok)
            #expect(form.text.contains("绑定工作单位"))
            let csrf = try #require(Page.csrf(in: form))

            // A wrong code: beside its field, the typed value kept, the attempts left said; nothing bound.
            let wrong = try await Page.post(h, "/m/employment/bind/\(unit)", [("_csrf", csrf), ("confirmationCode", "WRONG1")], browser: browser)
            #expect(wrong.status == .unprocessableContent)
            #expect(Self.text(of: "confirmationCode-error", in: wrong) == "单位确认码不正确，还可尝试 4 次")
            #expect(wrong.text.contains("value=\"WRONG1\""))
            #expect(wrong.text.contains("aria-invalid=\"true\""))
            #expect(try await h.request(.get, "/api/v1/me/employment", token: token).json["current"] is NSNull)

            // Without the page's token the form is refused and nothing is bound.
            let code = try await h.confirmationCode(of: unit, token: unitToken)
            #expect(try await Page.post(h, "/m/employment/bind/\(unit)", [("confirmationCode", code)], browser: browser).status == .forbidden)
            #expect(try await h.request(.get, "/api/v1/me/employment", token: token).json["current"] is NSNull)

            let bound = try await Page.post(h, "/m/employment/bind/\(unit)", [("_csrf", csrf), ("confirmationCode", code.lowercased())], browser: browser)
            #expect(bound.status == .seeOther, "\(bound.text)")
            #expect(bound.headers[.location] == "/m/employment?done=bound")
            let current = try await h.request(.get, "/api/v1/me/employment", token: token)
            #expect((current.json["current"] as? [String: Any]).flatMap { $0["institution"] as? [String: Any] }?["id"] as? String == unit)

            let shown = try await Page.get(h, "/m/employment?done=bound", browser: browser)
            #expect(Self.text(of: "current-unit-name", in: shown) == "武汉市中心医院")
            #expect(Self.text(of: "employment-notice", in: shown) == "工作单位绑定成功。")
            #expect(try await Page.get(h, "/m/", browser: browser).text.contains("武汉市中心医院"))

            // 解绑: without the token refused; with it the binding ends and stays in the history.
            #expect(try await Page.post(h, "/m/employment/unbind", [], browser: browser).status == .forbidden)
            #expect(try await h.request(.get, "/api/v1/me/employment", token: token).json["current"] is [String: Any])
            let unbound = try await Page.post(h, "/m/employment/unbind", [("_csrf", try #require(Page.csrf(in: shown)))], browser: browser)
            #expect(unbound.status == .seeOther)
            #expect(unbound.headers[.location] == "/m/employment?done=unbound")
            let after = try await Page.get(h, "/m/employment?done=unbound", browser: browser)
            #expect(after.text.contains("id=\"no-unit\""))
            #expect(after.text.contains("id=\"history\"") && after.text.contains("武汉市中心医院"))
            let audit = try await h.database.query(
                "SELECT action FROM audit.events WHERE action LIKE 'employment.%' AND details->>'institution_id' = $1 ORDER BY id", [unit]
            )
            #expect(try audit.map { try $0.decode(String.self, "action") } == ["employment.bind", "employment.unbind"])
        }
    }

    @Test func changingTheUnitSaysWhichUnitIsLeft() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (firstToken, first) = try await h.approvedInstitution("黄石市中心医院", serial: 42, admin: admin)
            let (_, second) = try await h.approvedInstitution("黄石市妇幼保健院", serial: 43, admin: admin)
            let (browser, token) = try await Self.verifiedCandidate(h, phone: "13700137002", serial: 42)
            #expect(try await h.bind(token, to: first, code: try await h.confirmationCode(of: first, token: firstToken)).status == .ok)
            let form = try await Page.get(h, "/m/employment/bind/\(second)", browser: browser)
            #expect(form.text.contains("<h1>更新工作单位</h1>"))
            #expect(form.text.contains("当前绑定：黄石市中心医院"))
            // Picking the unit already bound is a plain binding page.
            #expect(try await Page.get(h, "/m/employment/bind/\(first)", browser: browser).text.contains("<h1>绑定工作单位</h1>"))
        }
    }

    @Test func anUnverifiedCandidateIsSentToVerifyFirstAndUnknownUnitsAreNotFound() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unitToken, unit) = try await h.approvedInstitution("十堰市人民医院", serial: 44, admin: admin)
            let browser = try await Page.candidatePages(h, phone: "13700137003")
            let page = try await Page.get(h, "/m/employment", browser: browser)
            #expect(page.text.contains("id=\"verification-needed\""))
            #expect(page.text.contains("href=\"/m/verification\""))

            let form = try await Page.get(h, "/m/employment/bind/\(unit)", browser: browser)
            let code = try await h.confirmationCode(of: unit, token: unitToken)
            let refused = try await Page.post(h, "/m/employment/bind/\(unit)", [("_csrf", try #require(Page.csrf(in: form))), ("confirmationCode", code)], browser: browser)
            #expect(refused.status == .forbidden)
            #expect(Self.text(of: "bind-error", in: refused) == "请先完成实名认证 ")

            let unknown = try await Page.get(h, "/m/employment/bind/\(UUID().uuidString.lowercased())", browser: browser)
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("未找到该页面"))
            #expect(try await Page.get(h, "/m/employment/bind/not-a-uuid", browser: browser).status == .notFound)

            // A fragment the search refuses is shown beside the field; a fragment matching nothing says so.
            let long = String(repeating: "院", count: 101)
            let tooLong = try await Page.get(h, "/m/employment/search?q=\(long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", browser: browser)
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.text.contains("id=\"q-error\""))
            let none = try await Page.get(h, "/m/employment/search?q=%E4%B8%8D%E5%AD%98%E5%9C%A8", browser: browser)  // 不存在
            #expect(none.text.contains("id=\"no-results\""))
        }
    }

    @Test func aVisitorIsSentToSignIn() async throws {
        try await AppHarness.run { h in
            let visit = try await Page.get(h, "/m/employment", browser: ConsoleBrowser())
            #expect(visit.status == .seeOther)
            #expect(visit.headers[.location] == "/m/")
            // The console's session is no session here: the cookies are scoped and named apart.
            let console = try await ConsoleClient.platformConsole(h)
            #expect(console.cookies["ht_console"] != nil)
            #expect(try await Page.get(h, "/m/employment", browser: ConsoleBrowser(cookies: console.cookies)).status == .seeOther)
        }
    }

    static func multipart(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])?, boundary: String = "mobileform7") -> ByteBuffer {
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        var buffer = ByteBuffer(string: body)
        if let file {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"IMG_0001.JPG\"\r\nContent-Type: image/jpeg\r\n\r\n")
            buffer.writeBytes(file.bytes)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return buffer
    }

    static func postMultipart(_ h: AppHarness, _ path: String, _ body: ByteBuffer, browser: ConsoleBrowser) async throws -> TestResponse {
        var headers = browser.header
        headers[.contentType] = "multipart/form-data; boundary=mobileform7"
        return try await h.client.execute(uri: path, method: .post, headers: headers, body: body)
    }

    @Test func aResponsiblePersonRegistersAUnitWithTheLicencePhotographed() async throws {
        try await AppHarness.run { h in
            let (browser, _) = try await Self.verifiedCandidate(h, phone: "13700137004", serial: 45)
            let form = try await Page.get(h, "/m/employment/register", browser: browser)
            #expect(form.status == .ok)
            #expect(form.text.contains("enctype=\"multipart/form-data\""))
            #expect(form.text.contains("capture=\"environment\""))
            let csrf = try #require(Page.csrf(in: form))
            let fields: [(String, String)] = [
                ("_csrf", csrf), ("name", "襄阳市第九人民医院"), ("uscc", TestInstitutions.uscc(46)), ("superiorUnit", ""), ("category", "A"),
                ("region", "420600"), ("address", "湖北省襄阳市樊城区"), ("contactName", "周主任"), ("contactPhone", "1391234"),
            ]
            // A bad phone and no licence: each beside its field, every value kept, nothing registered.
            let refused = try await Self.postMultipart(h, "/m/employment/register", Self.multipart(fields, file: nil), browser: browser)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(Self.text(of: "contactPhone-error", in: refused) == "请输入正确的11位手机号码")
            #expect(Self.text(of: "licenceAttachmentId-error", in: refused) == "未找到上传的执业许可证，请重新上传")
            #expect(refused.text.contains("value=\"襄阳市第九人民医院\""))
            #expect(refused.text.contains("<option value=\"420600\" selected>"))
            let none = try await h.database.query("SELECT count(*) AS n FROM institutions.registrations", [])
            #expect(try none.first?.decode(Int.self, "n") == 0)

            // Fixed, with the photo: submitted, listed as 待审核.
            var fixed = fields.filter { $0.0 != "contactPhone" }
            fixed.append(("contactPhone", "13912345678"))
            let sent = try await Self.postMultipart(h, "/m/employment/register", Self.multipart(fixed, file: ("licence", Samples.jpeg(seed: 9))), browser: browser)
            #expect(sent.status == .seeOther, "\(sent.text)")
            #expect(sent.headers[.location] == "/m/employment/register?done=submitted")
            let listed = try await Page.get(h, "/m/employment/register?done=submitted", browser: browser)
            #expect(listed.text.contains("id=\"my-registrations\""))
            #expect(listed.text.contains("襄阳市第九人民医院</strong> <span class=\"status waiting\">待审核</span>"))
            let rows = try await h.database.query("SELECT name, licence_attachment_id FROM institutions.registrations", [])
            #expect(rows.count == 1)

            // A file that is no image is refused beside the input, before anything is stored.
            let text = try await Self.postMultipart(h, "/m/employment/register", Self.multipart(fixed, file: ("licence", Array("hello".utf8))), browser: browser)
            #expect(text.status == .unprocessableContent)
            #expect(Self.text(of: "licenceAttachmentId-error", in: text) == "请上传 JPG、PNG 图片或 PDF 文件")
        }
    }
}
