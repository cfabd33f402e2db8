import Testing
import Web

@testable import HealthTalent

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test func developmentDefaultsNeedNoSettings() throws {
        let configuration = try AppConfiguration.load(from: [:])
        #expect(configuration.mode == .development)
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.httpPort == 8080)
        #expect(configuration.databaseURL == AppConfiguration.developmentDatabaseURL)
        #expect(configuration.databasePoolSize == 10)
        #expect(configuration.logFormat == .json)
        #expect(configuration.trustedProxies.isEmpty)
    }

    @Test func everyInvalidSettingIsReportedAtOnce() {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: [
                "HTTP_PORT": "eighty",
                "DATABASE_POOL_SIZE": "0",
                "LOG_FORMAT": "xml",
                "LOG_LEVEL": "loud",
                "DATABASE_URL": "mysql://root@localhost/db",
                "TRUSTED_PROXIES": "10.0.0.0/8, proxy.local",
                "PLATFORM_MODE": "staging",
            ])
        }
        let problems = error?.problems ?? []
        #expect(problems.count == 7)
        for name in ["HTTP_PORT", "DATABASE_POOL_SIZE", "LOG_FORMAT", "LOG_LEVEL", "DATABASE_URL", "TRUSTED_PROXIES", "PLATFORM_MODE"] {
            #expect(problems.contains { $0.hasPrefix(name) }, "no problem reported for \(name)")
        }
    }

    @Test func productionRefusesDevelopmentDefaults() {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["PLATFORM_MODE": "production"])
        }
        let problems = error?.problems ?? []
        #expect(problems.contains { $0.hasPrefix("DATABASE_URL") })
        #expect(problems.contains { $0.hasPrefix("ATTACHMENTS_DIR") })

        #expect(throws: Never.self) {
            try AppConfiguration.load(from: [
                "PLATFORM_MODE": "production",
                "DATABASE_URL": "postgres://app:pw@db.internal:5432/health_talent?sslmode=verify-full",
                "ATTACHMENTS_DIR": "/srv/health-talent/attachments",
            ])
        }
    }

    @Test func aDatabaseURLWithAPasswordIsNotEchoedInProblems() {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["DATABASE_URL": "postgres://app:pa55word@db/x?sslmod=require"])
        }
        #expect(error?.description.contains("pa55word") == false)
    }
}
