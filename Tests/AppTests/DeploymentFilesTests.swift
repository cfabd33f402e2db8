import App
import AppTestSupport
import Foundation
import Testing

/// The files an operator installs: the systemd units pass `systemd-analyze verify`, are hardened as
/// documented, and the environment example lists exactly the variables the server reads.
@Suite("Deployment files", .timeLimit(.minutes(2)))
struct DeploymentFilesTests {
    static let systemd = TestPaths.repositoryRoot.appendingPathComponent("deploy/systemd")
    static let units = ["health-talent.service", "health-talent-maintenance.service", "health-talent-maintenance.timer"]

    static func text(_ name: String) throws -> String {
        try String(contentsOf: systemd.appendingPathComponent(name), encoding: .utf8)
    }

    /// `NAME=value` lines, commented out or not.
    static func exampleVariables() throws -> [String: (value: String, active: Bool)] {
        var variables: [String: (String, Bool)] = [:]
        for line in try text("health-talent.env.example").split(separator: "\n") {
            let active = !line.hasPrefix("#")
            let body = active ? Substring(line) : line.dropFirst()
            guard let equals = body.firstIndex(of: "="), body[..<equals].allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }),
                  !body[..<equals].isEmpty
            else { continue }
            variables[String(body[..<equals])] = (String(body[body.index(after: equals)...]), active)
        }
        return variables
    }

    @Test func theUnitsPassSystemdAnalyzeVerify() throws {
        let analyzer = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let path = try #require(analyzer, "systemd-analyze is missing (make test installs systemd)")
        // `verify` checks that ExecStart exists: point it at the binary just built, nothing else changes.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for unit in Self.units {
            let text = try Self.text(unit).replacingOccurrences(of: "/usr/local/bin/health-talent", with: TestPaths.binary.path)
            try text.write(to: folder.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        }
        let output = try TestBinary.run(
            ["verify"] + Self.units.map { folder.appendingPathComponent($0).path },
            environment: ["SYSTEMD_LOG_LEVEL": "notice", "PATH": "/usr/bin:/bin"], executable: URL(fileURLWithPath: path)
        )
        #expect(output.status == 0, "\(output.stderr)\(output.stdout)")
        #expect(output.stderr.isEmpty && output.stdout.isEmpty, "verify warned: \(output.stderr)\(output.stdout)")
    }

    @Test func theServiceIsHardenedAndWritesOnlyTheAttachmentsFolder() throws {
        for unit in ["health-talent.service", "health-talent-maintenance.service"] {
            let lines = Set(try Self.text(unit).split(separator: "\n").map(String.init))
            for required in [
                "User=health-talent", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "ReadWritePaths=/var/lib/health-talent/attachments", "CapabilityBoundingSet=", "EnvironmentFile=/etc/health-talent/env",
            ] {
                #expect(lines.contains(required), "\(unit) lacks \(required)")
            }
            #expect(lines.filter { $0.hasPrefix("ReadWritePaths=") }.count == 1, "\(unit): one writable path")
        }
        let service = try Self.text("health-talent.service")
        #expect(service.contains("Restart=on-failure"))
        #expect(service.contains("RestartPreventExitStatus=78"))
        #expect(try Self.text("health-talent-maintenance.timer").contains("Unit=health-talent-maintenance.service"))
    }

    /// Every variable the server reads (all branches: Tencent SMS and verification on) is in the
    /// example and the README, and the example names nothing the server ignores.
    @Test func theEnvironmentExampleListsEveryVariable() throws {
        let read = AppConfiguration.variableNames(in: ["SMS_GATEWAY": "tencent", "ID_VERIFIER": "tencent", "PLATFORM_MODE": "production"])
        let example = try Self.exampleVariables()
        #expect(read.subtracting(example.keys).sorted() == [], "missing from health-talent.env.example")
        #expect(Set(example.keys).subtracting(read).sorted() == [], "listed but never read")
        let readme = try String(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(read.filter { !readme.contains("`\($0)`") }.sorted() == [], "missing from README's configuration table")
    }

    /// The example's active lines plus the unit's own settings are a complete production configuration.
    @Test func theExampleWithTheUnitIsAValidProductionConfiguration() throws {
        var environment = try Self.exampleVariables().filter(\.value.active).mapValues(\.value)
        for line in try Self.text("health-talent.service").split(separator: "\n") where line.hasPrefix("Environment=") {
            let pair = line.dropFirst("Environment=".count).split(separator: "=", maxSplits: 1)
            environment[String(pair[0])] = String(pair[1])
        }
        #expect(environment["PLATFORM_MODE"] == "production")
        #expect(throws: Never.self) { _ = try AppConfiguration.load(from: environment) }
    }
}
