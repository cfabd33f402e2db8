import Attachments
import Confirmation
import Foundation
import Identity
import Institutions
import Notifications
import TrialPeriod
import Logging
import Postgres
import Web

/// Everything the server reads from its environment. Every setting has a development default so
/// `make run` needs none; `load` reports every missing or invalid setting at once.
public struct AppConfiguration: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case development, production
    }

    public var mode: Mode
    public var databaseURL: String
    public var databasePoolSize: Int
    public var databaseAcquireTimeoutMilliseconds: Int
    public var databaseConnectTimeoutSeconds: Int
    public var databaseStatementTimeoutMilliseconds: Int
    public var httpHost: String
    public var httpPort: Int
    public var httpHeaderTimeoutSeconds: Int
    public var httpIdleTimeoutSeconds: Int
    public var httpMaxConnections: Int
    /// `SLOW_REQUEST_MS`: requests that take this long are logged at warning level as `slow request`.
    public var slowRequestMilliseconds: Int
    /// `/metrics` listens here, never on the public port; port 0 picks a free one.
    public var metricsHost: String
    public var metricsPort: Int
    public var trustedProxies: TrustedProxies
    public var attachmentsDirectory: String
    public var migrationsDirectory: String
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var wechat: WeChatSetting
    public var sms: SMSGatewaySetting
    public var idVerifier: IDVerifierSetting
    public var identity: IdentitySettings
    public var attachments: AttachmentSettings
    public var institutions: InstitutionsSettings
    public var trial: TrialPeriodSettings
    public var confirmation: ConfirmationSettings
    public var notifications: NotificationsSettings

    public enum IDVerifierSetting: Sendable {
        case tencent(endpoint: URL, TencentCloudCredentials)
        case development
    }

    /// How WeChat logins are checked: against WeChat's API, or (development only) by trusting the code.
    public enum WeChatSetting: Sendable {
        case live(baseURL: URL, appID: String, appSecret: String)
        case development
    }

    public enum SMSGatewaySetting: Sendable {
        case tencent(TencentSMSGateway.Settings, TencentCloudCredentials)
        case console
    }

    public struct TencentCloudCredentials: Sendable {
        public let secretID: String
        public let secretKey: String
    }

    /// The database `make run` creates.
    public static let developmentDatabaseURL = "postgres://postgres@127.0.0.1:54320/health_talent"

    public static func load(from environment: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        var reader = EnvironmentReader(environment: environment)
        let configuration = read(from: &reader)
        if !reader.problems.isEmpty { throw ConfigurationError(problems: reader.problems) }
        return configuration
    }

    /// The names of the variables a configuration reads from `environment` (some are read only when
    /// another says so, e.g. the Tencent Cloud ones with `SMS_GATEWAY=tencent`).
    public static func variableNames(in environment: [String: String]) -> Set<String> {
        var reader = EnvironmentReader(environment: environment)
        _ = read(from: &reader)
        return reader.namesRead
    }

    static func read(from reader: inout EnvironmentReader) -> AppConfiguration {
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
            httpHeaderTimeoutSeconds: reader.integer("HTTP_HEADER_TIMEOUT_SECONDS", default: 10, in: 1...600),
            httpIdleTimeoutSeconds: reader.integer("HTTP_IDLE_TIMEOUT_SECONDS", default: 60, in: 1...3600),
            httpMaxConnections: reader.integer("HTTP_MAX_CONNECTIONS", default: 1000, in: 1...100_000),
            slowRequestMilliseconds: reader.integer("SLOW_REQUEST_MS", default: 1000, in: 1...600_000),
            metricsHost: reader.string("METRICS_HOST", default: "127.0.0.1"),
            metricsPort: reader.integer("METRICS_PORT", default: 9464, in: 0...65_535),
            trustedProxies: reader.trustedProxies("TRUSTED_PROXIES"),
            attachmentsDirectory: reader.string("ATTACHMENTS_DIR", default: ".data/attachments", requiredInProduction: true),
            migrationsDirectory: reader.string("MIGRATIONS_DIR", default: "sql"),
            logLevel: reader.choice("LOG_LEVEL", default: Logger.Level.info),
            logFormat: reader.choice("LOG_FORMAT", default: LogFormat.json),
            wechat: reader.wechat(),
            sms: reader.smsGateway(),
            idVerifier: reader.idVerifier(),
            identity: IdentitySettings.read(from: &reader),
            attachments: AttachmentSettings.read(from: &reader),
            institutions: InstitutionsSettings.read(from: &reader),
            trial: TrialPeriodSettings.read(from: &reader),
            confirmation: ConfirmationSettings.read(from: &reader),
            notifications: NotificationsSettings.read(from: &reader)
        )
        return configuration
    }

    public var connectionLimits: ConnectionLimits {
        ConnectionLimits(
            maximumConnections: httpMaxConnections, headerTimeout: .seconds(Int64(httpHeaderTimeoutSeconds)),
            idleTimeout: .seconds(Int64(httpIdleTimeoutSeconds))
        )
    }

    public var connectionSettings: ConnectionSettings {
        ConnectionSettings(
            url: databaseURL,
            connectTimeoutSeconds: databaseConnectTimeoutSeconds,
            statementTimeoutMilliseconds: databaseStatementTimeoutMilliseconds
        )
    }
}

/// Every problem found in the environment, so an operator fixes them in one round.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let problems: [String]

    public var description: String {
        "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// The application's own settings (database, providers, proxies), read with the shared reader.
extension EnvironmentReader {
    mutating func databaseURL(_ name: String, default defaultValue: String) -> String {
        let url = string(name, default: defaultValue, requiredInProduction: true)
        do {
            try ConnectionSettings.validate(url: url)
        } catch {
            report("\(name): \(error.message)")
        }
        return url
    }

    /// An http(s) base URL, such as a provider endpoint (tests point these at 127.0.0.1).
    mutating func url(_ name: String, default defaultValue: String) -> URL {
        let text = string(name, default: defaultValue)
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            report("\(name) must be an http(s) URL, got \"\(text)\"")
            return URL(string: defaultValue)!
        }
        return url
    }

    /// Several settings that only make sense together: all set, or (outside production) none.
    mutating func group(_ names: [String], purpose: String) -> [String]? {
        let values = names.map(value)
        if values.allSatisfy({ $0 != nil }) { return values.compactMap { $0 } }
        let missing = zip(names, values).filter { $0.1 == nil }.map(\.0)
        if isProduction || values.contains(where: { $0 != nil }) {
            report("\(missing.joined(separator: ", ")) must be set for \(purpose)")
        }
        return nil
    }

    mutating func wechat() -> AppConfiguration.WeChatSetting {
        let baseURL = url("WECHAT_API_BASE_URL", default: "https://api.weixin.qq.com")
        guard let values = group(["WECHAT_APP_ID", "WECHAT_APP_SECRET"], purpose: "WeChat login") else { return .development }
        return .live(baseURL: baseURL, appID: values[0], appSecret: values[1])
    }

    mutating func smsGateway() -> AppConfiguration.SMSGatewaySetting {
        enum Kind: String, CaseIterable { case tencent, console }
        switch choice("SMS_GATEWAY", default: Kind.console) {
        case .console:
            if isProduction { report("SMS_GATEWAY must be tencent in production (console is a development gateway)") }
            return .console
        case .tencent:
            let endpoint = url("TENCENTCLOUD_SMS_ENDPOINT", default: "https://sms.tencentcloudapi.com")
            let region = string("TENCENTCLOUD_REGION", default: "ap-guangzhou")
            let names = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "SMS_SDK_APP_ID", "SMS_SIGN_NAME", "SMS_TEMPLATE_ID"]
            let wasProduction = isProduction
            isProduction = true  // every one of them is needed to send at all
            defer { isProduction = wasProduction }
            guard let values = group(names, purpose: "SMS_GATEWAY=tencent") else { return .console }
            return .tencent(
                TencentSMSGateway.Settings(endpoint: endpoint, region: region, sdkAppID: values[2], signName: values[3], templateID: values[4]),
                AppConfiguration.TencentCloudCredentials(secretID: values[0], secretKey: values[1])
            )
        }
    }

    mutating func idVerifier() -> AppConfiguration.IDVerifierSetting {
        enum Kind: String, CaseIterable { case tencent, development }
        switch choice("ID_VERIFIER", default: Kind.development) {
        case .development:
            if isProduction { report("ID_VERIFIER must be tencent in production (development accepts any well-formed ID)") }
            return .development
        case .tencent:
            let endpoint = url("TENCENTCLOUD_FACEID_ENDPOINT", default: "https://faceid.tencentcloudapi.com")
            let wasProduction = isProduction
            isProduction = true
            defer { isProduction = wasProduction }
            guard let values = group(["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"], purpose: "ID_VERIFIER=tencent") else { return .development }
            return .tencent(endpoint: endpoint, AppConfiguration.TencentCloudCredentials(secretID: values[0], secretKey: values[1]))
        }
    }

    mutating func trustedProxies(_ name: String) -> TrustedProxies {
        guard let text = value(name) else { return .none }
        do {
            return try TrustedProxies(parsing: text)
        } catch {
            report("\(name) has entries that are not IP addresses or CIDR blocks: \(error.entries.joined(separator: ", "))")
            return .none
        }
    }
}
