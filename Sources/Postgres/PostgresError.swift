import Blocking
/// An error from the database layer. Server errors keep PostgreSQL's diagnostic fields so callers can act
/// on them (a unique violation becomes a 409, a serialization failure is retried, and so on).
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The connection could not be established.
        case connectionFailed
        /// The connection broke while in use (server restart, `pg_terminate_backend`, network).
        case connectionLost
        /// The server answered a statement with an error; see `sqlState`.
        case server
        /// No pooled connection became free within the acquire timeout.
        case poolTimeout
        /// The pool was closed.
        case poolClosed
        /// A value could not be decoded into the requested Swift type.
        case decoding
        /// The connection settings are unusable (for example a malformed URL).
        case invalidSettings
        /// A parameter cannot be sent as is: text with U+0000, which libpq would cut short there.
        case invalidParameter
    }

    public let kind: Kind
    public let message: String
    /// The five-character SQLSTATE, e.g. `23505` for a unique violation.
    public let sqlState: String?
    /// Server detail. It may quote row values (phone numbers, document numbers), so it is kept out of
    /// `description` and must not be logged.
    public let detail: String?
    public let constraint: String?
    public let table: String?
    public let column: String?

    public init(
        _ kind: Kind, _ message: String, sqlState: String? = nil, detail: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// A unique violation on one named constraint or unique index: how a store tells "someone else got
    /// there first" (a race, answered 409) from any other failure.
    public func isUniqueViolation(of constraint: String) -> Bool {
        isUniqueViolation && self.constraint == constraint
    }
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    public var isCheckViolation: Bool { sqlState == "23514" }
    /// Serialization failure or deadlock: the transaction can be retried as a whole.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// The connection (or the whole database) is not usable right now.
    public var isUnavailable: Bool {
        switch kind {
        case .connectionFailed, .connectionLost, .poolTimeout, .poolClosed: true
        // 57P01..57P03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
        case .server: sqlState.map { $0.hasPrefix("57P") || $0 == "53300" } ?? false
        case .decoding, .invalidSettings, .invalidParameter: false
        }
    }

    public var description: String {
        var text = "PostgresError.\(kind): \(message)"
        if let sqlState { text += " [SQLSTATE \(sqlState)]" }
        if let constraint { text += " [constraint \(constraint)]" }
        return text
    }
}

extension BlockingExecutor {
    /// `run` for libpq calls: an executor already shut down means the pool is closed.
    func runLibPQ<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await run(body)
        } catch is BlockingExecutorError {
            throw PostgresError(.poolClosed, "the database thread pool has shut down")
        }
    }
}
