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
}
