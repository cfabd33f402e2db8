import AppTestSupport
import Foundation
import Glibc
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 24: files as Excel saves them — Chinese headers, dates as Excel writes them, GBK, numbers
/// turned into scientific notation, and the template.
@Suite("Exam information: CSV files as Excel saves them", .timeLimit(.minutes(5)))
struct RecordImportExcelTests {
    static let chineseHeader = "证件号码,学历,学习形式,入学时间,毕业时间,毕业学校,学制（年）,毕业证书编号,试用岗位,试用类别,是否执业助理医师报考执业医师,是否应届毕业生,试用开始时间,试用结束时间,带教老师"

    func importBytes(_ h: AppHarness, _ p: AppHarness.TrialParties, _ bytes: [UInt8]) async throws -> TestResponse {
        try await h.client.execute(
            uri: "/api/v1/units/\(p.unit)/exam-records/2026/import", method: .post,
            headers: [.contentType: "text/csv", .authorization: "Bearer \(p.unitToken)"], body: ByteBuffer(bytes: bytes)
        )
    }

    /// UTF-8 → GB 18030, as Chinese Windows' Excel saves a plain CSV.
    static func gbk(_ text: String) throws -> [UInt8] {
        let converter = iconv_open("GB18030", "UTF-8")
        try #require(converter != iconv_t(bitPattern: -1))
        defer { iconv_close(converter) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2 + 8)
        let written = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress, inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress, outLeft = outBuffer.count
                _ = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return outBuffer.count - outLeft
            }
        }
        return output[..<written].map { UInt8(bitPattern: $0) }
    }

    @Test func aGBKFileWithAChineseHeaderAndExcelDatesIsImported() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let row = "\(AppHarness.residentID(serial: 701)),本科,全日制普通高等教育,2019/9/1,2024年6月30日,武汉大学,5,D2024001,住院医师,临床,否,是,2025.08.01,2026-7-31,李医生"
            let bytes = try Self.gbk(Self.chineseHeader + "\r\n" + row + "\r\n")
            #expect(String(validating: bytes, as: UTF8.self) == nil, "the body really is GBK")
            let report = try await importBytes(h, p, bytes)
            #expect(report.status == .ok, "\(report.text)")
            #expect(report.json["saved"] as? Int == 1, "\(report.text)")
            let content = try #require(try await h.myRecord(p.candidate).json["content"] as? [String: Any])
            let education = try #require(content["education"] as? [String: Any])
            #expect(education["enrolledOn"] as? String == "2019-09-01")
            #expect(education["graduatedOn"] as? String == "2024-06-30")
            #expect(education["school"] as? String == "武汉大学", "GBK decoded, not replaced by U+FFFD")
            let trial = try #require(content["trial"] as? [String: Any])
            #expect(trial["startDate"] as? String == "2025-08-01")
            #expect(trial["endDate"] as? String == "2026-07-31")
        }
    }

    @Test func aDocumentNumberExcelTurnedIntoScientificNotationIsRefusedSayingSo() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let row = "4.20106E+17,本科,全日制普通高等教育,2019-09-01,2024-06-30,武汉大学,5,1.04861E+17,住院医师,临床,否,是,2025-08-01,2026-07-31,李医生"
            let report = try await importBytes(h, p, Array((Self.chineseHeader + "\n" + row + "\n").utf8))
            #expect(report.status == .ok, "\(report.text)")
            let lines = try #require(report.json["lines"] as? [[String: Any]])
            #expect(lines.first?["outcome"] as? String == "invalid")
            let errors = try #require(lines.first?["errors"] as? [[String: Any]])
            #expect(errors.map { $0["field"] as? String } == ["documentNumber", "education.diplomaNumber"])
            #expect(errors.allSatisfy { $0["code"] as? String == "scientific_notation" })
            #expect((errors.first?["message"] as? String)?.contains("文本") == true, "the message says how to avoid it")
        }
    }

    @Test func theTemplateHasTheChineseHeaderAndAnExampleRowThatParses() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let template = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records/2026/import/template.csv", token: p.unitToken)
            #expect(template.status == .ok)
            #expect(template.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(template.text.hasPrefix("\u{FEFF}证件号码,学历,学习形式,入学时间,毕业时间"))
            // Imported as it is, the example row fails only because its person is not the unit's.
            let report = try await importBytes(h, p, Array(template.text.utf8))
            let lines = try #require(report.json["lines"] as? [[String: Any]], "\(report.text)")
            #expect(lines.count == 1)
            #expect((lines[0]["errors"] as? [[String: Any]])?.map { $0["code"] as? String } == ["not_staff"], "\(report.text)")
            // With the unit's candidate in it, it saves.
            let mine = template.text.replacingOccurrences(of: "420106199003074519", with: AppHarness.residentID(serial: 701))
            #expect(try await importBytes(h, p, Array(mine.utf8)).json["saved"] as? Int == 1)
            // Only the unit's administrators download it.
            #expect(try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records/2026/import/template.csv", token: p.candidate).status == .notFound)
        }
    }
}
