import NIOPosix

/// Runs blocking calls (libpq's, file I/O) on dedicated threads, so they never occupy Swift's cooperative
/// thread pool. Statements no longer block a thread (docs/adr/0013); what still blocks runs here: the
/// database has two small executors, one that opens connections and one for scripts and COPY, and the
/// attachment store has its own for file I/O. Its own target, so neither user's errors leak into the
/// other: a file write after shutdown is not "database unavailable".
public final class BlockingExecutor: Sendable {
    private let threads: NIOThreadPool

    public init(threadCount: Int) {
        threads = NIOThreadPool(numberOfThreads: threadCount)
        threads.start()
    }

    /// Runs `body` on one of the executor's threads. Unlike `NIOThreadPool.runIfActive`, a task that is
    /// cancelled while waiting still runs its work: cleanup handed to it (closing or removing an
    /// attachment's file) must not be skipped.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            threads.submit { state in
                switch state {
                case .active: continuation.resume(with: Result(catching: body))
                case .cancelled: continuation.resume(throwing: BlockingExecutorError.shutDown)
                }
            }
        }
    }

    public func shutdown() async {
        try? await threads.shutdownGracefully()
    }
}

public enum BlockingExecutorError: Error, CustomStringConvertible {
    /// The executor was shut down before the work could run.
    case shutDown

    public var description: String { "the blocking-call threads have shut down" }
}
