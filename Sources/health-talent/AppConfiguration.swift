import Logging
import Postgres
import Web

/// Everything the server reads from its environment. Every setting has a development default so
/// `make run` needs none; `load` reports every missing or invalid setting at once.
struct AppConfiguration: Sendable {
    enum Mode: String, Sendable, CaseIterable {
        case development, production
    }

    var mode: Mode
    var databaseURL: String
    var databasePoolSize: Int
    var databaseAcquireTimeoutMilliseconds: Int
    var databaseConnectTimeoutSeconds: Int
    var databaseStatementTimeoutMilliseconds: Int
    var httpHost: String
    var httpPort: Int
    var trustedProxies: TrustedProxies
    var attachmentsDirectory: String
    var migrationsDirectory: String
    var logLevel: Logger.Level
    var logFormat: LogFormat

    /// The database `make run` creates.
    static let developmentDatabaseURL = "postgres://postgres@127.0.0.1:54320/health_talent"

    static func load(from environment: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        var reader = EnvironmentReader(environment: environment)
        let mode = reader.choice("PLATFORM_MODE", default: Mode.development)
        reader.isProduction = mode == .production

        let configuration = AppConfiguration(
            mode: mode,
            databaseURL: reader.databaseURL("DATABASE_URL", default: developmentDatabaseURL),
            databasePoolSize: reader.integer("DATABASE_POOL_SIZE", default: 10, in: 1...500),
            databaseAcquireTimeoutMilliseconds: reader.integer("DATABASE_ACQUIRE_TIMEOUT_MS", default: 5_000, in: 1...600_000),
            databaseConnectTimeoutSeconds: reader.integer("DATABASE_CONNECT_TIMEOUT_SECONDS", default: 5, in: 2...600),
            databaseStatementTimeoutMilliseconds: reader.integer("DATABASE_STATEMENT_TIMEOUT_MS", default: 30_000, in: 0...3_600_000),
            httpHost: reader.string("HTTP_HOST", default: "127.0.0.1"),
            httpPort: reader.integer("HTTP_PORT", default: 8080, in: 0...65_535),
            trustedProxies: reader.trustedProxies("TRUSTED_PROXIES"),
            attachmentsDirectory: reader.string("ATTACHMENTS_DIR", default: ".data/attachments", requiredInProduction: true),
            migrationsDirectory: reader.string("MIGRATIONS_DIR", default: "sql"),
            logLevel: reader.choice("LOG_LEVEL", default: Logger.Level.info),
            logFormat: reader.choice("LOG_FORMAT", default: LogFormat.json)
        )
        if !reader.problems.isEmpty { throw ConfigurationError(problems: reader.problems) }
        return configuration
    }

    var connectionSettings: ConnectionSettings {
        ConnectionSettings(
            url: databaseURL,
            connectTimeoutSeconds: databaseConnectTimeoutSeconds,
            statementTimeoutMilliseconds: databaseStatementTimeoutMilliseconds
        )
    }
}

/// Every problem found in the environment, so an operator fixes them in one round.
struct ConfigurationError: Error, CustomStringConvertible {
    let problems: [String]

    var description: String {
        "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// Reads variables, collecting problems instead of stopping at the first.
struct EnvironmentReader {
    let environment: [String: String]
    var isProduction = false
    private(set) var problems: [String] = []

    init(environment: [String: String]) { self.environment = environment }

    private func value(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A setting whose development default must not reach production (a path, a secret, a URL with a
    /// password) names itself when production leaves it unset.
    mutating func string(_ name: String, default defaultValue: String, requiredInProduction: Bool = false) -> String {
        if let value = value(name) { return value }
        if requiredInProduction && isProduction {
            problems.append("\(name) must be set in production (the development default is not allowed)")
        }
        return defaultValue
    }

    mutating func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
        guard let text = value(name) else { return defaultValue }
        guard let number = Int(text), range.contains(number) else {
            problems.append("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
            return defaultValue
        }
        return number
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T) -> T where T.RawValue == String {
        guard let text = value(name) else { return defaultValue }
        guard let choice = T(rawValue: text.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append("\(name) must be one of \(allowed), got \"\(text)\"")
            return defaultValue
        }
        return choice
    }

    mutating func databaseURL(_ name: String, default defaultValue: String) -> String {
        let url = string(name, default: defaultValue, requiredInProduction: true)
        do {
            try ConnectionSettings.validate(url: url)
        } catch {
            problems.append("\(name): \(error.message)")
        }
        return url
    }

    mutating func trustedProxies(_ name: String) -> TrustedProxies {
        guard let text = value(name) else { return .none }
        do {
            return try TrustedProxies(parsing: text)
        } catch {
            problems.append("\(name) has entries that are not IP addresses or CIDR blocks: \(error.entries.joined(separator: ", "))")
            return .none
        }
    }
}
