import AppTestSupport
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Institution commands", .timeLimit(.minutes(3)))
struct InstitutionsCommandTests {
    @Test func theDemoRegistryImportsCleanlyAndReImportsAsUnchanged() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let environment = [
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"), "LOG_FORMAT": "json",
        ]
        let csv = TestPaths.repositoryRoot.appendingPathComponent("deploy/demo/institutions.csv").path
        let first = try TestBinary.run(["institutions", "import", csv], environment: environment)
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        #expect(first.stdout.contains("created 40, updated 0, unchanged 0, bad 0"), "\(first.stdout)")
        let again = try TestBinary.run(["institutions", "import", csv], environment: environment)
        #expect(again.stdout.contains("created 0, updated 0, unchanged 40, bad 0"), "\(again.stdout)")
    }

    @Test func badRowsAreListedWithTheirLinesAndFailTheCommand() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let environment = [
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"), "LOG_FORMAT": "json",
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("institutions-\(UUID()).csv")
        try "好医院,\(TestInstitutions.uscc(9)),,A,420100,武汉\n坏医院,NOTACODE,,A,420100,武汉\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try TestBinary.run(["institutions", "import", file.path], environment: environment)
        #expect(output.status != 0)
        #expect(output.stdout.contains("line 2: uscc"), "\(output.stdout)")
        #expect(output.stdout.contains("created 1"), "\(output.stdout)")
    }

    /// Excel on Chinese Windows saves a plain CSV in GBK with CRLF line ends.
    @Test func aGBKFileWithWindowsLineEndsIsImported() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let environment = [
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"), "LOG_FORMAT": "json",
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("institutions-\(UUID()).csv")
        // 协和医院 and 武汉 in GBK.
        let xiehe: [UInt8] = [0xD0, 0xAD, 0xBA, 0xCD, 0xD2, 0xBD, 0xD4, 0xBA], wuhan: [UInt8] = [0xCE, 0xE4, 0xBA, 0xBA]
        let bytes = Array("name,uscc,superior unit,category,region,address\r\n".utf8) + xiehe + Array(",\(TestInstitutions.uscc(9)),,A,420100,".utf8)
            + wuhan + [0x0D, 0x0A]
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try TestBinary.run(["institutions", "import", file.path], environment: environment)
        #expect(output.status == 0, "\(output.stdout) \(output.stderr)")
        #expect(output.stdout.contains("created 1, updated 0, unchanged 0, bad 0"), "\(output.stdout)")
        let database = Database(settings: ConnectionSettings(url: environment["DATABASE_URL"]!), poolSize: 1, logger: TestDatabase.logger)
        let names = try await database.query("SELECT name, address FROM institutions.institutions")
        await database.close()
        #expect(try names.first?.decode(String.self, "name") == "协和医院")
        #expect(try names.first?.decode(String.self, "address") == "武汉")
    }

    @Test func aFileWithNoDataRowsFailsTheCommandSayingSo() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let environment = [
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"), "LOG_FORMAT": "json",
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("institutions-\(UUID()).csv")
        try "name,uscc,superior unit,category,region,address\r\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try TestBinary.run(["institutions", "import", file.path], environment: environment)
        #expect(output.status != 0)
        #expect(output.stderr.contains("没有数据行"), "\(output.stderr)")
    }
}
