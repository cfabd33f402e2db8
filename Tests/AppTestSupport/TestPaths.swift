import Foundation

/// Where things are when tests run.
public enum TestPaths {
    /// The `health-talent` binary sits next to the test bundle in SwiftPM's build folder.
    public static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("health-talent")
    }

    /// The checkout: `docs/`, `sql/`.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// Runs the real binary (or another program) to completion, as an operator would.
public enum TestBinary {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` with exactly `environment` and waits for it (see `ChildProcess` for why not
    /// Foundation's `Process`).
    public static func run(_ arguments: [String], environment: [String: String] = [:], executable: URL = TestPaths.binary) throws -> Output {
        var environment = environment
        // Tests clone databases by the hundred on two cores: a connection may wait longer than the
        // production default of 5 s, as the tests' own pools allow (TestDatabase.settings).
        if environment["DATABASE_URL"] != nil, environment["DATABASE_CONNECT_TIMEOUT_SECONDS"] == nil {
            environment["DATABASE_CONNECT_TIMEOUT_SECONDS"] = "30"
        }
        let child = try ChildProcess(executable, arguments: arguments, environment: environment)
        let status = child.waitForExit()
        return Output(status: status, stdout: child.standardOutput, stderr: child.standardError)
    }
}
