import AppTestSupport
import Foundation
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
}
