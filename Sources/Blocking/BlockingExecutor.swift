import NIOPosix

/// Runs blocking calls (libpq, file I/O) on dedicated threads, so they never occupy Swift's cooperative
/// thread pool (see docs/adr/0001-libpq-behind-a-thread-pool.md). The database pool has one with a
/// thread per connection; the attachment store has its own. Its own target, so neither user's errors
/// leak into the other: a file write after shutdown is not "database unavailable".
public final class BlockingExecutor: Sendable {
    private let threads: NIOThreadPool

    public init(threadCount: Int) {
        threads = NIOThreadPool(numberOfThreads: threadCount)
        threads.start()
    }

    /// Runs `body` on one of the executor's threads. Unlike `NIOThreadPool.runIfActive`, a task that is
    /// cancelled while waiting still runs its work: a ROLLBACK or a connection check must not be skipped.
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
