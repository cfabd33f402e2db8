import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import TestSupport
import Testing

/// Runs the real `health-talent` binary, as an operator or a container runtime would.
@Suite("The health-talent binary")
struct ServeCommandTests {
    /// The binary sits next to the test bundle in SwiftPM's build folder.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("health-talent")
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A port the kernel just handed out and released: free, barring a race with another process.
    static func freePort() throws -> Int { try SilentPort().port }

    @Test func helpListsTheCommands() throws {
        let output = try run(["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("serve"))
        #expect(output.stdout.contains("migrate"))
    }

    @Test func anInvalidConfigurationListsEveryProblemAndExitsNonZero() throws {
        let output = try run(["serve"], environment: ["HTTP_PORT": "x", "LOG_FORMAT": "yaml", "PLATFORM_MODE": "production"])
        #expect(output.status != 0)
        for name in ["HTTP_PORT", "LOG_FORMAT", "DATABASE_URL", "ATTACHMENTS_DIR"] {
            #expect(output.stderr.contains(name), "\(name) missing from: \(output.stderr)")
        }
    }

    @Test func serveMigratesServesAndStopsCleanlyOnSIGTERM() async throws {
        let name = try await TestDatabase.create(from: .empty)
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve"]
        process.currentDirectoryURL = Self.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging([
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"),
            "HTTP_PORT": String(port),
            "LOG_FORMAT": "json",
            // A folder whose parent does not exist yet, as on a fresh checkout.
            "ATTACHMENTS_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID())/attachments").path,
        ]) { _, new in new }
        let stdout = Pipe()
        process.standardOutput = stdout
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var ready = false
        for _ in 0..<150 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/readyz")!),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                ready = true
            }
        }
        if !ready {
            process.terminate()
            let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            Issue.record("the server did not become ready: \(output.suffix(2000))")
            return
        }

        // Migrations were applied at start-up.
        let db = Database(settings: ConnectionSettings(url: TestDatabase.adminSettings.url, database: name), poolSize: 1, logger: TestDatabase.logger)
        let applied = try await db.query("SELECT count(*) AS n FROM public.schema_migrations")[0].decode(Int.self, "n")
        #expect(applied == (try Migration.load(from: Self.repositoryRoot.appendingPathComponent("sql")).count))
        await db.close()

        process.interrupt()  // SIGINT; SIGTERM is handled identically
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(15)
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        let log = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains(#""route":"/readyz""#))
        #expect(log.contains("stopped: in-flight requests finished"))
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// A crash, even with standard output on a terminal (where the runtime would print its backtrace
    /// there), leaves standard output as JSON lines ending in one line that names the signal.
    @Test(.timeLimit(.minutes(1)))
    func aCrashKeepsStandardOutputJSONAndTheBacktraceOnStandardError() throws {
        // `script` gives the binary a terminal as standard output; standard error goes to a file.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID()).err").path
        defer { try? FileManager.default.removeItem(atPath: errors) }
        let output = try run(
            ["-q", "-e", "-c", "'\(Self.binary.path)' debug-crash 2>'\(errors)'", "/dev/null"],
            environment: ["PATH": "/usr/bin:/bin"], executable: URL(fileURLWithPath: "/usr/bin/script")
        )
        let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(output.status != 0)
        let lines = output.stdout.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        #expect(lines.count == 2, "standard output: \(lines)")
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not JSON: \(line.prefix(200))")
        }
        #expect(lines.last?.contains(#""level":"critical""#) == true)
        #expect(stderr.contains("Backtracing") || stderr.contains("Fatal error"), "\(stderr.prefix(300))")
    }

    func run(_ arguments: [String], environment: [String: String] = [:], executable: URL = Self.binary) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}

@Suite("Administration commands")
struct AdminCommandTests {
    @Test func grantAndRevokeRolesFromTheCommandLine() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let environment = [
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"),
            "LOG_FORMAT": "json",
        ]
        let command = ServeCommandTests()
        let institution = UUID().uuidString.lowercased()

        let grant = try command.run(["admin", "grant-role", "platform_admin", "--phone", "13900139000"], environment: environment)
        #expect(grant.status == 0, "\(grant.stderr)")
        #expect(grant.stdout.contains("granted platform_admin to 139****9000"))
        let unit = try command.run(["admin", "grant-role", "unit_admin", "--institution", institution, "--phone", "13900139000"], environment: environment)
        #expect(unit.status == 0)

        let db = Database(settings: ConnectionSettings(url: TestDatabase.adminSettings.url, database: name), poolSize: 1, logger: TestDatabase.logger)
        let roles = try await db.query(
            "SELECT r.role, r.institution_id::text AS institution FROM identity.roles r JOIN identity.accounts a ON a.id = r.account_id WHERE a.phone = $1 ORDER BY r.role",
            ["13900139000"]
        ).map { (try $0.decode(String.self, "role"), try $0.decode(String?.self, "institution")) }
        #expect(roles.map(\.0) == ["platform_admin", "unit_admin"])
        #expect(roles.last?.1 == institution)

        let revoke = try command.run(["admin", "revoke-role", "platform_admin", "--phone", "13900139000"], environment: environment)
        #expect(revoke.status == 0)
        let left = try await db.query("SELECT count(*) AS n FROM identity.roles")[0].decode(Int.self, "n")
        #expect(left == 1)
        let audited = try await db.query("SELECT count(*) AS n FROM audit.events WHERE action LIKE 'account.role.%'")[0].decode(Int.self, "n")
        #expect(audited == 3)
        await db.close()

        let missingInstitution = try command.run(["admin", "grant-role", "unit_admin", "--phone", "13900139000"], environment: environment)
        #expect(missingInstitution.status != 0)
        #expect(missingInstitution.stderr.contains("--institution"))
        let badPhone = try command.run(["admin", "grant-role", "platform_admin", "--phone", "12345"], environment: environment)
        #expect(badPhone.status != 0)
    }
}

@Suite("Attachment commands")
struct AttachmentCommandTests {
    @Test func verifyExitsNonZeroOnACorruptFileAndGcRuns() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attachments-cli-\(UUID())").path
        let environment = [
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"),
            "ATTACHMENTS_DIR": directory,
            "LOG_FORMAT": "json",
        ]
        let command = ServeCommandTests()
        let clean = try command.run(["attachments", "verify"], environment: environment)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("checked 0 files: 0 missing, 0 corrupt"))

        // A file whose name is not the hash of its content.
        let bogus = String(repeating: "ab", count: 32)
        let path = "\(directory)/sha256/ab/ab/\(bogus)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data("not what the name says".utf8))
        let corrupt = try command.run(["attachments", "verify"], environment: environment)
        #expect(corrupt.status == 1)
        #expect(corrupt.stdout.contains("corrupt: \(path)"))

        let gc = try command.run(["attachments", "gc", "--grace-hours", "24"], environment: environment)
        #expect(gc.status == 0, "\(gc.stderr)")
        #expect(gc.stdout.contains("removed 0 files"))  // the file is young
        #expect(try command.run(["attachments", "gc", "--grace-hours", "0"], environment: environment).status != 0)
    }
}
