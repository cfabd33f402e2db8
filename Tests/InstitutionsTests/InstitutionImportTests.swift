import AppTestSupport
import Contracts
import Foundation
import Tabular
import Testing

@Suite("Importing institutions from CSV", .timeLimit(.minutes(3)))
struct InstitutionImportTests {
    @Test func badLinesAreReportedWithTheirNumbersAndReRunningIsIdempotent() async throws {
        try await AppHarness.run { h in
            let csv = """
                name,uscc,superior unit,category,region,address
                华中科技大学同济医学院附属协和医院,\(TestInstitutions.uscc(1)),湖北省卫生健康委员会,A,420100,武汉市江汉区解放大道1277号
                "武汉市江岸区大智街社区卫生服务中心, 分中心",\(TestInstitutions.uscc(2)),江岸区卫生健康局,B,420100,武汉市江岸区
                坏代码医院,12420100000000100X,,A,420100,武汉
                未知类别医院,\(TestInstitutions.uscc(3)),,Z,420100,武汉
                缺列医院,\(TestInstitutions.uscc(4)),A
                """
            let first = try await h.institutions.importer.importCSV(csv)
            #expect(first.created == 2)
            #expect(first.bad.map(\.line) == [4, 5, 6])
            #expect(first.bad[1].reason.contains("category"))

            let again = try await h.institutions.importer.importCSV(csv.replacingOccurrences(of: "武汉市江岸区\n", with: "武汉市江岸区大智路\n"))
            #expect(again.created == 0)
            #expect(again.updated == 1)
            #expect(again.unchanged == 1)
            let count = try await h.database.query("SELECT count(*) AS n FROM institutions.institutions")[0].decode(Int.self, "n")
            #expect(count == 2)
            let quoted = try await h.database.query("SELECT address FROM institutions.institutions WHERE name = $1", ["武汉市江岸区大智街社区卫生服务中心, 分中心"])
            #expect(try quoted.first?.decode(String.self, "address") == "武汉市江岸区大智路")
        }
    }

    /// Excel on Windows ends lines with CRLF: once, the whole file became one "line" and nothing was imported.
    @Test func aFileWithWindowsLineEndingsAndAChineseHeaderIsImportedLineByLine() async throws {
        try await AppHarness.run { h in
            let csv = "\u{FEFF}统一社会信用代码,单位名称,主管单位,机构类别,地区,地址\r\n"
                + "\(TestInstitutions.uscc(1)),协和医院,湖北省卫生健康委员会,医院,武汉市,武汉市江汉区\r\n"
                + "\(TestInstitutions.uscc(2)),同济医院,,A,420100,武汉市硚口区\r\n"
                + "\(TestInstitutions.uscc(3)),坏类别医院,,不存在,420100,武汉\r\n"
                + "1.24201E+17,科学计数法医院,,A,420100,武汉\r\n"
            let report = try await h.institutions.importer.importCSV(csv)
            #expect(report.created == 2, "\(report.bad)")
            #expect(report.bad.map(\.line) == [4, 5])
            #expect(report.bad.last?.reason.contains("科学计数法") == true, "\(report.bad)")
            let rows = try await h.database.query("SELECT name, category, region FROM institutions.institutions ORDER BY name")
            #expect(try rows.map { try $0.decode(String.self, "name") } == ["协和医院", "同济医院"].sorted())
            let xiehe = try await h.database.query("SELECT category, region FROM institutions.institutions WHERE name = '协和医院'")
            #expect(try xiehe.first?.decode(String.self, "category") == "A", "a category label becomes its code")
            #expect(try xiehe.first?.decode(String.self, "region") == "420100", "a region label becomes its code")
        }
    }

    @Test(arguments: ["", "\r\n\r\n", "name,uscc,superior unit,category,region,address\r\n", "单位名称,统一社会信用代码,主管单位,机构类别,地区,地址"])
    func aFileWithNoDataRowsIsAnErrorNotASuccess(_ csv: String) async throws {
        try await AppHarness.run { h in
            await #expect(throws: Problem.validation([TabularProblems.noDataRows])) { try await h.institutions.importer.importCSV(csv) }
        }
    }

    @Test func aHeaderWithAnUnknownColumnRefusesTheFile() async throws {
        try await AppHarness.run { h in
            let csv = "单位名称,统一社会信用代码,上级,机构类别,地区,地址\n协和医院,\(TestInstitutions.uscc(1)),,A,420100,武汉\n"
            await #expect(throws: Problem.self) { try await h.institutions.importer.importCSV(csv) }
            let count = try await h.database.query("SELECT count(*) AS n FROM institutions.institutions")[0].decode(Int.self, "n")
            #expect(count == 0)
        }
    }
}
