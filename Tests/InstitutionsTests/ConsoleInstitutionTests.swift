import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 15: 机构管理 for platform administrators: search, edit, deactivate, CSV import.
@Suite("Console: institutions for platform administrators", .timeLimit(.minutes(3)))
struct ConsoleInstitutionTests {
    typealias Page = ConsoleClient

    @Test func searchEditDeactivateAndImport() async throws {
        try await AppHarness.run { h in
            let id = try await TestInstitutions.create("黄冈市控制台卫生院", serial: 951, category: "C", region: "421100", in: h.database)
            let browser = try await ConsoleClient.platformConsole(h)
            let base = "/console/platform/institutions"
            let found = try await Page.get(h, base + "?q=" + ConsoleFormatQuery.value("控制台"), browser: browser)
            #expect(found.text.contains("\(base)/\(id.uuidString.lowercased())"), "\(found.text)")

            let edit = try await Page.get(h, "\(base)/\(id.uuidString.lowercased())", browser: browser)
            #expect(edit.text.contains("value=\"黄冈市控制台卫生院\""))
            let csrf = try #require(Page.csrf(in: edit))
            func fields(uscc: String, status: String) -> [(String, String)] {
                [("_csrf", csrf), ("name", "黄冈市控制台中心卫生院"), ("uscc", uscc), ("superiorUnit", "黄冈市卫生健康委员会"), ("category", "C"),
                 ("region", "421100"), ("address", "湖北省黄冈市"), ("status", status)]
            }
            let refused = try await Page.post(h, "\(base)/\(id.uuidString.lowercased())", fields(uscc: "12345", status: "active"), browser: browser)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"institution-uscc-error\""))
            #expect(refused.text.contains("value=\"黄冈市控制台中心卫生院\""))  // kept as typed

            let saved = try await Page.post(h, "\(base)/\(id.uuidString.lowercased())", fields(uscc: TestInstitutions.uscc(951), status: "inactive"), browser: browser)
            #expect(saved.status == .seeOther, "\(saved.text)")
            let row = try await h.database.query("SELECT name, status FROM institutions.institutions WHERE id = $1", [id])[0]
            #expect(try row.decode(String.self, "name") == "黄冈市控制台中心卫生院")
            #expect(try row.decode(String.self, "status") == "inactive")
            let gone = try await Page.get(h, base + "?q=" + ConsoleFormatQuery.value("控制台"), browser: browser)
            #expect(gone.text.contains("没有找到机构"))

            // An import with one bad line: the good one is created, the bad one reported by its number.
            let boundary = "----institutions"
            let csv = "武汉市控制台导入医院,\(TestInstitutions.uscc(952)),武汉市卫生健康委员会,A,420100,湖北省武汉市\n不完整的一行,123\n"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"i.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
            var headers = browser.header
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let report = try await h.client.execute(uri: base + "/import", method: .post, headers: headers, body: .init(string: body))
            #expect(report.status == .ok, "\(report.text)")
            #expect(report.text.contains("新建 1 个"))
            #expect(report.text.contains("第 2 行"))
            let imported = try await h.database.query("SELECT count(*)::int AS n FROM institutions.institutions WHERE name = '武汉市控制台导入医院'")[0]
            #expect(try imported.decode(Int.self, "n") == 1)
            let audited = try await h.database.query("SELECT details->>'created' AS created FROM audit.events WHERE action = 'institution.import'")[0]
            #expect(try audited.decode(String.self, "created") == "1")
        }
    }
}

/// The console's query escaping, for building links in tests.
enum ConsoleFormatQuery {
    static func value(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
