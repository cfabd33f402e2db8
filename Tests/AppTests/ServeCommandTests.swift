import AppTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import TestSupport
import Testing

/// Runs the real `health-talent` binary, as an operator or a container runtime would.
@Suite("The health-talent binary", .timeLimit(.minutes(3)))
struct ServeCommandTests {
    /// A port the kernel just handed out and released: free, barring a race with another process.
    static func freePort() throws -> Int { try SilentPort().port }

    @Test func helpListsTheCommands() throws {
        let output = try TestBinary.run(["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("serve"))
        #expect(output.stdout.contains("migrate"))
    }

    @Test func anInvalidConfigurationListsEveryProblemAndExitsNonZero() throws {
        let output = try TestBinary.run(["serve"], environment: ["HTTP_PORT": "x", "LOG_FORMAT": "yaml", "PLATFORM_MODE": "production"])
        #expect(output.status != 0)
        for name in ["HTTP_PORT", "LOG_FORMAT", "DATABASE_URL", "ATTACHMENTS_DIR"] {
            #expect(output.stderr.contains(name), "\(name) missing from: \(output.stderr)")
        }
    }

    @Test func serveMigratesServesAndStopsCleanlyOnSIGTERM() async throws {
        let name = try await TestDatabase.create(from: .empty)
        let port = try Self.freePort()
        let metricsPort = try Self.freePort()
        let environment = ProcessInfo.processInfo.environment.merging([
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"),
            "HTTP_PORT": String(port),
            "METRICS_PORT": String(metricsPort),
            "LOG_FORMAT": "json",
            "DATABASE_CONNECT_TIMEOUT_SECONDS": "30",
            // A folder whose parent does not exist yet, as on a fresh checkout.
            "ATTACHMENTS_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID())/attachments").path,
        ]) { _, new in new }
        let process = try ChildProcess(TestPaths.binary, arguments: ["serve"], environment: environment, directory: TestPaths.repositoryRoot)
        defer { process.signal(SIGKILL) }

        var ready = false
        // Up to 60 s: on a loaded test cluster (every suite cloning its database) start-up took 15 s once.
        for _ in 0..<600 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/readyz")!),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                ready = true
            }
        }
        if !ready {
            process.signal(SIGTERM)
            let output = process.standardOutput
            Issue.record("the server did not become ready: \(output.suffix(2000))")
            return
        }

        // Migrations were applied at start-up.
        let db = Database(settings: TestDatabase.settings(for: name), poolSize: 1, logger: TestDatabase.logger)
        let applied = try await db.query("SELECT count(*) AS n FROM public.schema_migrations")[0].decode(Int.self, "n")
        #expect(applied == (try Migration.load(from: TestPaths.repositoryRoot.appendingPathComponent("sql")).count))
        await db.close()

        // Metrics are on their own listener, never on the public port; they count the requests so far.
        let (publicBody, publicResponse) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        #expect((publicResponse as? HTTPURLResponse)?.statusCode == 404, "\(String(decoding: publicBody, as: UTF8.self))")
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(metricsPort)/metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let metrics = String(decoding: body, as: UTF8.self)
        #expect(metrics.contains(#"health_talent_http_requests_total{method="GET",route="/readyz",status="200"}"#), "\(metrics)")
        #expect(metrics.contains(#"health_talent_http_requests_total{method="GET",route="NotFound",status="404"} 1"#), "\(metrics)")
        #expect(metrics.contains("health_talent_db_pool_size 10"))

        process.signal(SIGINT)  // SIGTERM is handled identically
        process.signal(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(15)
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!process.isRunning)
        #expect(process.status == 0)
        let log = process.standardOutput
        #expect(log.contains(#""route":"/readyz""#))
        #expect(log.contains("stopped: in-flight requests finished"))
        // The metrics listener stopped with the server.
        #expect((try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(metricsPort)/metrics")!)) == nil)
    }

    /// A crash, even with standard output on a terminal (where the runtime would print its backtrace
    /// there), leaves standard output as JSON lines ending in one line that names the signal.
    @Test(.timeLimit(.minutes(1)))
    func aCrashKeepsStandardOutputJSONAndTheBacktraceOnStandardError() throws {
        // `script` gives the binary a terminal as standard output; standard error goes to a file.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID()).err").path
        defer { try? FileManager.default.removeItem(atPath: errors) }
        let output = try TestBinary.run(
            ["-q", "-e", "-c", "'\(TestPaths.binary.path)' debug-crash 2>'\(errors)'", "/dev/null"],
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
}
