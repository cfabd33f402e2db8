/// Runs `body` again when it fails with a serialization failure or a deadlock (SQLSTATE 40001, 40P01),
/// which PostgreSQL reports for transactions that are safe to repeat as a whole. `body` should be a whole
/// transaction, not a statement inside one.
public func withSerializationRetry<T>(
    maxAttempts: Int = 3, _ body: () async throws -> T
) async throws -> T {
    precondition(maxAttempts > 0)
    var attempt = 1
    while true {
        do {
            return try await body()
        } catch let error as PostgresError where error.isRetryable && attempt < maxAttempts {
            attempt += 1
            // A short, growing, jittered pause so the transactions that collided do not collide again.
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...10) * attempt))
        }
    }
}
