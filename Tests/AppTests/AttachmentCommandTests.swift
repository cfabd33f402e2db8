import AppTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import TestSupport
import Testing

@Suite("Attachment commands", .timeLimit(.minutes(3)))
struct AttachmentCommandTests {
    @Test func verifyExitsNonZeroOnACorruptFileAndGcRuns() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attachments-cli-\(UUID())").path
        let environment = [
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"),
            "ATTACHMENTS_DIR": directory,
            "LOG_FORMAT": "json",
        ]
        let clean = try TestBinary.run(["attachments", "verify"], environment: environment)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("checked 0 files: 0 missing, 0 corrupt"))

        // A file whose name is not the hash of its content.
        let bogus = String(repeating: "ab", count: 32)
        let path = "\(directory)/sha256/ab/ab/\(bogus)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data("not what the name says".utf8))
        let corrupt = try TestBinary.run(["attachments", "verify"], environment: environment)
        #expect(corrupt.status == 1)
        #expect(corrupt.stdout.contains("corrupt: \(path)"))

        let gc = try TestBinary.run(["attachments", "gc", "--grace-hours", "24"], environment: environment)
        #expect(gc.status == 0, "\(gc.stderr)")
        #expect(gc.stdout.contains("removed 0 files"))  // the file is young
        #expect(try TestBinary.run(["attachments", "gc", "--grace-hours", "0"], environment: environment).status != 0)
    }
}
