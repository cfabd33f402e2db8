import CLibPQ
import Foundation

/// How to reach the database. The URL is handed to libpq, so every form libpq accepts works:
/// `postgres://user:pass@host:5432/db?sslmode=require`, `postgresql:///db?host=/var/run/postgresql`,
/// `postgres://%2Fvar%2Frun%2Fpostgresql/db`.
public struct ConnectionSettings: Sendable {
    public var url: String
    /// Overrides the URL's database name (test suites clone databases from one cluster URL).
    public var database: String?
    /// Seconds libpq waits for a connection (libpq's minimum is 2).
    public var connectTimeoutSeconds: Int
    /// Server-side limit for each statement, in milliseconds; 0 disables it.
    public var statementTimeoutMilliseconds: Int
    public var applicationName: String

    public init(
        url: String, database: String? = nil, connectTimeoutSeconds: Int = 5,
        statementTimeoutMilliseconds: Int = 30_000, applicationName: String = "health-talent"
    ) {
        self.url = url
        self.database = database
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.applicationName = applicationName
    }

    /// Checks the URL with libpq's own parser, without connecting. The message never repeats the URL,
    /// which may hold a password.
    public static func validate(url: String) throws(PostgresError) {
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw PostgresError(.invalidSettings, "the database URL must start with postgres:// or postgresql://")
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        let options = PQconninfoParse(url, &errorMessage)
        defer {
            if let options { PQconninfoFree(options) }
            if let errorMessage { PQfreemem(errorMessage) }
        }
        if options == nil {
            let reason = errorMessage.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown reason"
            throw PostgresError(.invalidSettings, "the database URL is not valid: \(reason)")
        }
    }

    /// libpq keywords in order: the URL first (expanded by libpq), then what overrides it.
    func keywords() -> [(String, String)] {
        // Fixed session settings the decoders rely on: ISO dates in UTC, full float precision.
        var sessionOptions = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=iso_8601 -c extra_float_digits=3"
        sessionOptions += " -c statement_timeout=\(statementTimeoutMilliseconds)"
        var keywords: [(String, String)] = [
            ("dbname", url),
            ("connect_timeout", String(connectTimeoutSeconds)),
            ("client_encoding", "UTF8"),
            ("application_name", applicationName),
            ("options", sessionOptions),
        ]
        // libpq expands only the first dbname; a later one is a plain database name that overrides it.
        if let database { keywords.append(("dbname", database)) }
        return keywords
    }
}
