/// Standalone statements: run at once on a free connection, or queued in the line and sent together
/// with the ones behind them on the next connection that comes free
/// (docs/adr/0016-standalone-statements-share-round-trips.md).
extension ConnectionPool {
    /// Runs one standalone statement (its own implicit transaction). When every connection is busy, the
    /// caller does not wait for a connection of its own: its statement waits in line, and the next
    /// connection to come free sends it together with the standalone statements queued behind it, each
    /// with its own sync, in one round trip (docs/adr/0016-standalone-statements-share-round-trips.md).
    func run(_ statement: LibPQConnection.Statement) async throws -> QueryResult {
        try statement.checkParameters()
        switch try await obtain(statement: statement) {
        case .answered(let result):
            return result
        case .connection(let connection):
            defer { release(connection) }
            return try await connection.run(statement)
        }
    }

    /// At most this many queued standalone statements share a round trip, so one connection's batch
    /// does not make the last of them wait for all the others' execution when other connections free up.
    static let statementsPerRoundTrip = 8

    /// Sends queued standalone statements on a connection nobody holds, answers each caller when the
    /// answers arrive (on the reactor's thread), and passes the connection on.
    func send(_ batch: [Batched], on connection: LibPQConnection) {
        connection.runSeparately(batch.map(\.statement)) { [self] outcomes in
            for (waiter, outcome) in zip(batch.map(\.waiter), outcomes) {
                switch outcome {
                case .success(let result): waiter.continuation.resume(returning: .answered(result))
                case .failure(let error): waiter.continuation.resume(throwing: error)
                }
            }
            release(connection)
        }
    }
}
