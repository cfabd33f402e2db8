import NIOPosix

/// Runs blocking libpq calls on dedicated threads, one per pooled connection, so they never occupy
/// Swift's cooperative thread pool (see docs/adr/0001-libpq-behind-a-thread-pool.md).
final class BlockingExecutor: Sendable {
    private let threads: NIOThreadPool

    init(threadCount: Int) {
        threads = NIOThreadPool(numberOfThreads: threadCount)
        threads.start()
    }

    /// Runs `body` on one of the executor's threads. Unlike `NIOThreadPool.runIfActive`, a task that is
    /// cancelled while waiting still runs its work: a ROLLBACK or a connection check must not be skipped.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            threads.submit { state in
                switch state {
                case .active: continuation.resume(with: Result(catching: body))
                case .cancelled: continuation.resume(throwing: PostgresError(.poolClosed, "the database thread pool has shut down"))
                }
            }
        }
    }

    func shutdown() async {
        try? await threads.shutdownGracefully()
    }
}
