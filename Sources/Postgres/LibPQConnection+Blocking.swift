import CLibPQ

/// The calls that still block (ADR 0013): scripts and COPY, run on `BlockingExecutor`'s threads with the
/// connection switched to blocking mode for their duration.
extension LibPQConnection {
    /// Runs `body` with the connection in blocking mode, for the calls that have no non-blocking form here
    /// (scripts, COPY).
    func blocking<T>(_ body: () throws -> T) throws -> T {
        guard !isBroken, !isClosed else { throw PostgresError(.connectionLost, "the database connection is closed") }
        precondition(pendingBegin == nil && deferred.isEmpty, "pending statements must be flushed first")
        PQsetnonblocking(handle, 0)
        defer { PQsetnonblocking(handle, 1) }
        return try body()
    }

    /// Runs SQL text without parameters through the simple query protocol. Several statements may be
    /// separated by semicolons. Used for migration files and tests; blocks.
    func executeScript(_ sql: String) throws {
        traffic.count(statements: 1)
        try blocking { _ = try consume(PQexec(handle, sql)) }
    }

    /// Runs `COPY … TO STDOUT` and hands each chunk libpq receives to `write` as it arrives, so the
    /// result never sits in memory whole. A failure of `write` stops reading; the connection is then
    /// marked broken (the rest of the COPY stream is still in flight).
    func copyOut(_ sql: String, write: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try blocking { try copyOutBlocking(sql, write: write) }
    }

    /// What a COPY hands its writer at a time: libpq answers one row per call, and a writer called per
    /// row (an export's async stream, a chunk of a response) spent more on the hand-over than on the
    /// bytes — a 100,000-row export took 100,000 of them.
    static let copyChunkBytes = 64 * 1024

    private func copyOutBlocking(_ sql: String, write: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try startCopy(PQexec(handle, sql))
        var total = 0
        var pending: [UInt8] = []
        pending.reserveCapacity(Self.copyChunkBytes)
        func hand() throws {
            do {
                try pending.withUnsafeBytes { try write($0) }
            } catch {
                isBroken = true
                throw error
            }
            pending.removeAll(keepingCapacity: true)
        }
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(handle, &buffer, 0)
            if count > 0, let buffer {
                defer { PQfreemem(buffer) }
                pending.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: Int(count)))
                total += Int(count)
                if pending.count >= Self.copyChunkBytes { try hand() }
            } else if count == -1 {
                if !pending.isEmpty { try hand() }
                break
            } else {
                throw connectionError(String(cString: PQerrorMessage(handle)))
            }
        }
        // The COPY's own result, then the end of the command.
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            if PQresultStatus(result) != PGRES_COMMAND_OK { throw serverError(result) }
        }
        return total
    }

    private func startCopy(_ result: OpaquePointer?) throws(PostgresError) {
        guard let result else { throw connectionError(String(cString: PQerrorMessage(handle))) }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_OUT else { throw serverError(result) }
    }

    private func consume(_ result: OpaquePointer?) throws(PostgresError) -> QueryResult {
        guard let result else {
            throw connectionError(String(cString: PQerrorMessage(handle)))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return QueryResult(rows: [], affectedRows: affectedRows(result))
        case PGRES_TUPLES_OK:
            return QueryResult(rows: rows(of: result), affectedRows: affectedRows(result))
        default:
            throw serverError(result)
        }
    }
}
