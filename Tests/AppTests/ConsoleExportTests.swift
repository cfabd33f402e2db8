import AppTestSupport
import Console
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 15: the unit's own declarations and exam information as CSV for Excel.
@Suite("Console: the unit's CSV exports", .timeLimit(.minutes(3)))
struct ConsoleExportTests {
    typealias Page = ConsoleClient

    @Test func aCellCannotBecomeAFormulaAndSeparatorsAreQuoted() {
        #expect(CSVDownload.line(["=HYPERLINK(\"x\")", "a,b", "张三", "-1", "@x", "plain"])
            == "\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",张三,'-1,'@x,plain\r\n")
        #expect(CSVDownload.line(["两行\n文字", "引号\"在内"]) == "\"两行\n文字\",\"引号\"\"在内\"\r\n")
    }

    @Test func theUnitDownloadsItsDeclarationsAndRecordsAndTheDownloadIsAudited() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            _ = try await h.submittedDeclaration(p)
            #expect(try await h.saveRecord(p).status == .created)
            let browser = try await ConsoleClient.unitConsole(h, p)

            let declarations = try await Page.get(h, "/console/units/\(p.unit)/trial-applications/export?status=all", browser: browser)
            #expect(declarations.status == .ok)
            #expect(declarations.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(declarations.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            let text = declarations.text
            #expect(text.hasPrefix("\u{FEFF}申报年度,姓名,考试级别"))
            let lines = text.split(separator: "\r\n")
            #expect(lines.count == 2)
            #expect(lines[1].contains("王小明") && lines[1].contains("待审核"))

            let records = try await Page.get(h, "/console/units/\(p.unit)/exam-records/export?year=\(AppHarness.recordYear)", browser: browser)
            #expect(records.status == .ok)
            let recordLines = records.text.split(separator: "\r\n")
            #expect(recordLines.count == 2)
            #expect(recordLines[0].hasPrefix("\u{FEFF}年度,姓名,状态,当前版本,已确认版本,异议,证件号码,学历,学习形式,入学时间"))
            #expect(recordLines[1].contains("华中科技大学") && recordLines[1].contains("待确认"))
            // In full, for the unit's own staff, and ending with a tab so Excel keeps all 18 digits.
            #expect(recordLines[1].contains(",\(AppHarness.residentID(serial: 701))\t,"), "\(recordLines[1])")

            let audited = try await h.database.query(
                "SELECT action FROM audit.events WHERE action IN ('trial.application.export', 'exam_record.export') ORDER BY id"
            ).map { try $0.decode(String.self, "action") }
            #expect(audited == ["trial.application.export", "exam_record.export"])
            let details = try await h.database.query("SELECT details->>'documentNumbers' AS d FROM audit.events WHERE action = 'exam_record.export'")
            #expect(try details.first?.decode(String.self, "d") == "full", "the audit says the file held full document numbers")

            // Another unit's administrator gets nothing.
            let other = try await h.trialParties(unitName: "武汉市第二医院", serial: 2, admin: p.admin)
            let stranger = try await ConsoleClient.unitConsole(h, other, phone: "13900139102")
            #expect(try await Page.get(h, "/console/units/\(p.unit)/trial-applications/export?status=all", browser: stranger).status == .notFound)
        }
    }

    /// Export → fill in → import: the unit's file is the import's file.
    @Test func theUnitsExportImportsBackUnchangedAndAnEditInItIsSaved() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            #expect(try await h.saveRecord(p).status == .created)
            let browser = try await ConsoleClient.unitConsole(h, p)
            let exported = try await Page.get(h, "/console/units/\(p.unit)/exam-records/export?year=\(AppHarness.recordYear)", browser: browser)
            #expect(exported.status == .ok)
            func importBack(_ csv: String) async throws -> TestResponse {
                try await h.client.execute(
                    uri: "/api/v1/units/\(p.unit)/exam-records/\(AppHarness.recordYear)/import", method: .post,
                    headers: [.contentType: "text/csv", .authorization: "Bearer \(p.unitToken)"], body: ByteBuffer(string: csv)
                )
            }
            let same = try await importBack(exported.text)
            #expect(same.status == .ok, "\(same.text)")
            #expect(same.json["unchanged"] as? Int == 1, "every column reads back as it was written: \(same.text)")
            #expect(same.json["invalid"] as? Int == 0, "\(same.text)")

            let edited = try await importBack(exported.text.replacingOccurrences(of: "华中科技大学", with: "武汉大学"))
            #expect(edited.json["saved"] as? Int == 1, "\(edited.text)")
            let record = try await h.myRecord(p.candidate)
            #expect(record.json["version"] as? Int == 2)
            #expect(((record.json["content"] as? [String: Any])?["education"] as? [String: Any])?["school"] as? String == "武汉大学")
        }
    }
}
