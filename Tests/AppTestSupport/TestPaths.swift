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
