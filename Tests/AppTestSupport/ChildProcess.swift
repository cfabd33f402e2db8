#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A program the tests start, with `posix_spawn` rather than Foundation's `Process`: on Linux,
/// `Process.run()` copies every `/proc/self/fd` entry's whole 256-byte name and crashes (SIGSEGV in
/// memcpy) when an entry sits at the end of a mapped page (swift-corelibs-foundation PR #5472, in our
/// Swift 6.3.1). With a test process holding hundreds of sockets it crashed about once in seven runs.
/// Standard output and error go to files, so a chatty child never blocks on a full pipe and either can
/// be read while it runs.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let outputPath: String
    private let errorPath: String
    private let lock = NSLock()
    private var exit: Int32?

    public struct SpawnFailed: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { "posix_spawn failed: \(String(cString: strerror(code)))" }
    }

    /// Starts `executable` with exactly `environment` (nothing inherited) in `directory`. Standard input
    /// is the tests' own; descriptors other than the three standard ones are closed in the child.
    public init(_ executable: URL, arguments: [String], environment: [String: String], directory: URL? = nil) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID())").path
        outputPath = base + ".out"
        errorPath = base + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = Self.closeFrom?(&actions, 3)
        if let directory {
            guard let changeDirectory = Self.changeDirectory else { throw SpawnFailed(code: ENOSYS) }
            _ = changeDirectory(&actions, directory.path)
        }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable.path, &actions, nil, argv, envp)
        guard result == 0 else { throw SpawnFailed(code: result) }
        pid = child
    }

    deinit {
        if status == nil { kill(pid, SIGKILL); _ = waitForExit() }
        unlink(outputPath)
        unlink(errorPath)
    }

    /// The exit status once it ended (128 + the signal when a signal ended it); nil while it runs.
    public var status: Int32? {
        lock.withLock {
            if exit == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid { exit = Self.decode(raw) }
            }
            return exit
        }
    }

    public var isRunning: Bool { status == nil }

    public func signal(_ number: Int32) {
        if isRunning { kill(pid, number) }
    }

    /// Waits (blocking the calling thread) until it ends; answers its exit status.
    @discardableResult
    public func waitForExit() -> Int32 {
        lock.withLock {
            if let exit { return exit }
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            let decoded = Self.decode(raw)
            exit = decoded
            return decoded
        }
    }

    public var standardOutput: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    public var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    // glibc's `_np` file actions (2.29, 2.34) are declared only for _GNU_SOURCE, which Swift's Glibc
    // module does not define: found at run time instead.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: CloseFrom.self) }
    private static let changeDirectory = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: ChangeDirectory.self) }

    /// WIFEXITED/WEXITSTATUS/WTERMSIG, which Swift does not import (they are macros).
    private static func decode(_ raw: Int32) -> Int32 {
        raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
    }
}
