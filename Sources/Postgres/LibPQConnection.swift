import Blocking
import CLibPQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection. Every method blocks, so it is only ever called on `BlockingExecutor`'s threads.
///
/// `@unchecked Sendable`: the pool hands a connection to exactly one task at a time, and that task runs
/// its calls one after another, so the underlying `PGconn` is never used from two threads at once.
final class LibPQConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// SQL text → name of the statement prepared for it on this connection.
    private var preparedStatements: [String: String] = [:]
    private(set) var isBroken = false
    private var isClosed = false

    private init(handle: OpaquePointer) { self.handle = handle }

    static func open(_ settings: ConnectionSettings) throws(PostgresError) -> LibPQConnection {
        let pairs = settings.keywords()
        let handle = withCStrings(pairs.map(\.0)) { keys in
            withCStrings(pairs.map(\.1)) { values in PQconnectdbParams(keys, values, 1) }
        }
        guard let handle else { throw PostgresError(.connectionFailed, "libpq could not allocate a connection") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingWhitespace()
            PQfinish(handle)
            throw PostgresError(.connectionFailed, "could not connect to the database: \(message)")
        }
        // libpq prints notices (e.g. "relation already exists, skipping") to stderr by default; they are
        // informational, and stray stderr lines would bypass the structured log.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        return LibPQConnection(handle: handle)
    }

    /// The backend's process id, for diagnostics and tests.
    var backendPID: Int32 { PQbackendPID(handle) }

    var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Reads whatever the server sent while the connection sat idle. A terminated backend leaves an error
    /// and EOF on the socket, which this notices without a round trip. libpq's socket is non-blocking,
    /// so this never waits.
    func isHealthy() -> Bool {
        guard !isBroken, !isClosed else { return false }
        // The first read takes the server's farewell message, parsing it (PQisBusy) consumes it, and the
        // second read meets the end of the stream, which is what marks the connection bad.
        for _ in 0..<2 {
            if PQconsumeInput(handle) == 0 || PQstatus(handle) != CONNECTION_OK {
                isBroken = true
                break
            }
            _ = PQisBusy(handle)
        }
        return !isBroken
    }

    /// Runs one statement with text parameters, preparing it on first use and reusing it afterwards.
    func execute(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> QueryResult {
        // Parameters travel as C strings: a NUL would silently end the value there. Refuse, never truncate.
        if let index = parameters.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(.invalidParameter, "parameter $\(index + 1) contains a NUL character")
        }
        let name = try preparedName(for: sql, parameterCount: parameters.count)
        let result = withOptionalCStrings(parameters) { values in
            PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        }
        return try consume(result)
    }

    /// Runs one statement with text parameters without preparing it: the server plans it for these
    /// values every time. For statements whose best plan depends on the values (a search whose
    /// optional filters and fragment length decide which index to walk), where a cached generic plan
    /// can be a hundred times slower.
    func executeUnprepared(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> QueryResult {
        if let index = parameters.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(.invalidParameter, "parameter $\(index + 1) contains a NUL character")
        }
        let result = withOptionalCStrings(parameters) { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try consume(result)
    }

    /// Runs SQL text without parameters through the simple query protocol. Several statements may be
    /// separated by semicolons. Used for transaction control and for migration files only.
    func executeScript(_ sql: String) throws(PostgresError) {
        _ = try consume(PQexec(handle, sql))
    }

    /// Runs `COPY … TO STDOUT` and hands each chunk libpq receives to `write` as it arrives, so the
    /// result never sits in memory whole. A failure of `write` stops reading; the connection is then
    /// marked broken (the rest of the COPY stream is still in flight).
    func copyOut(_ sql: String, write: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try startCopy(PQexec(handle, sql))
        var total = 0
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(handle, &buffer, 0)
            if count > 0, let buffer {
                defer { PQfreemem(buffer) }
                do {
                    try write(UnsafeRawBufferPointer(start: buffer, count: Int(count)))
                } catch {
                    isBroken = true
                    throw error
                }
                total += Int(count)
            } else if count == -1 {
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

    func close() {
        guard !isClosed else { return }
        isClosed = true
        isBroken = true
        PQfinish(handle)
    }

    deinit { close() }

    private func preparedName(for sql: String, parameterCount: Int) throws(PostgresError) -> String {
        if let name = preparedStatements[sql] { return name }
        let name = "s\(preparedStatements.count)"
        // Parameter types are left to the server to infer from the statement.
        _ = try consume(PQprepare(handle, name, sql, Int32(parameterCount), nil))
        preparedStatements[sql] = name
        return name
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

    private func rows(of result: OpaquePointer) -> [Row] {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        var names: [String] = []
        var types: [PostgresType] = []
        for column in 0..<columnCount {
            names.append(String(cString: PQfname(result, column)))
            types.append(PostgresType(oid: PQftype(result, column)))
        }
        let columns = Columns(names: names, types: types)
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    private func affectedRows(_ result: OpaquePointer) -> Int {
        Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    private func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let message = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingWhitespace()
        if PQstatus(handle) != CONNECTION_OK {
            isBroken = true
            return PostgresError(.connectionLost, "the database connection was lost: \(message)", sqlState: sqlState)
        }
        return PostgresError(
            .server, message, sqlState: sqlState, detail: field("D"),
            constraint: field("n"), table: field("t"), column: field("c")
        )
    }

    private func connectionError(_ message: String) -> PostgresError {
        isBroken = PQstatus(handle) != CONNECTION_OK || isBroken
        return PostgresError(.connectionLost, "the database connection failed: \(message.trimmingWhitespace())")
    }
}

/// Calls `body` with a C array of C strings that lives for the duration of the call, NULL-terminated.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withOptionalCStrings(strings.map { Optional($0) } + [nil], body)
}

private func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { buffer in
        // An empty parameter list still needs a valid pointer.
        guard let base = buffer.baseAddress else {
            var none: UnsafePointer<CChar>? = nil
            return body(&none)
        }
        return body(base)
    }
}
