import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 15: 信息确认's CSV import from the console (a file upload), with its per-line report.
@Suite("Console: importing exam information from a CSV file", .timeLimit(.minutes(3)))
struct ConsoleImportTests {
    typealias Page = ConsoleClient

    static let header = "documentNumber,education.level,education.studyForm,education.enrolledOn,education.graduatedOn,education.school,education.lengthYears,education.diplomaNumber,note"

    static func upload(_ h: AppHarness, _ path: String, fields: [(String, String)], file: String?, browser: ConsoleBrowser) async throws -> TestResponse {
        let boundary = "----console-test-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
        if let file {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"records.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n"
        }
        body += "--\(boundary)--\r\n"
        var headers = browser.header
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await h.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func oneBadLineIsReportedAndTheGoodOneSaved() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await ConsoleClient.unitConsole(h, p)
            let path = "/console/units/\(p.unit)/exam-records/import"
            let form = try await Page.get(h, path + "?year=2026", browser: browser)
            #expect(form.status == .ok)
            #expect(form.text.contains("enctype=\"multipart/form-data\""))
            let csrf = try #require(Page.csrf(in: form))
            let good = AppHarness.residentID(serial: 701) + ",本科,full_time,2019-09-01,2024-06-30,武汉大学,5,D2024001,"
            let bad = "110105199001011234,本科,full_time,2019-09-01,2024-06-30,武汉大学,五,D2024002,"
            let csv = "\u{FEFF}" + [Self.header, good, bad].joined(separator: "\r\n") + "\r\n"

            // Without the page's token the upload is refused before anything is read.
            let forged = try await Self.upload(h, path, fields: [("year", "2026")], file: csv, browser: browser)
            #expect(forged.status == .forbidden)
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "not_entered")

            let report = try await Self.upload(h, path, fields: [("_csrf", csrf), ("year", "2026")], file: csv, browser: browser)
            #expect(report.status == .ok, "\(report.text)")
            #expect(report.text.contains("已保存 1 行，无变化 0 行，有错误 1 行"))
            #expect(report.text.contains("<tr class=\"invalid\"><td>3</td>"))
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "awaiting_confirmation")

            let missing = try await Self.upload(h, path, fields: [("_csrf", csrf), ("year", "2026")], file: nil, browser: browser)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("请选择要导入的 CSV 文件"))
        }
    }
}
