import AppTestSupport
import Testing
import Web

@testable import App
import Notifications

@Suite("Configuration from the environment", .timeLimit(.minutes(3)))
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

    @Test func everyInvalidSettingIsReportedAtOnce() throws {
        let error = try #require(throws: ConfigurationError.self) {
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
        let problems = error.problems
        #expect(problems.count == 7)
        for name in ["HTTP_PORT", "DATABASE_POOL_SIZE", "LOG_FORMAT", "LOG_LEVEL", "DATABASE_URL", "TRUSTED_PROXIES", "PLATFORM_MODE"] {
            #expect(problems.contains { $0.hasPrefix(name) }, "no problem reported for \(name)")
        }
    }

    @Test func productionRefusesDevelopmentDefaults() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["PLATFORM_MODE": "production"])
        }
        let problems = error.problems
        #expect(problems.contains { $0.hasPrefix("DATABASE_URL") })
        #expect(problems.contains { $0.hasPrefix("ATTACHMENTS_DIR") })
        #expect(problems.contains { $0.hasPrefix("WECHAT_APP_ID, WECHAT_APP_SECRET") })
        #expect(problems.contains { $0.hasPrefix("SMS_GATEWAY") })
        #expect(problems.contains { $0.hasPrefix("ID_VERIFIER") })
        #expect(problems.contains { $0.hasPrefix("WECHAT_TEMPLATE_DECLARATION_RETURNED") })
        #expect(problems.contains { $0.hasPrefix("SMS_TEMPLATE_DECLARATION_RETURNED") })

        // With every production setting given, it loads (a refusal fails here with its problems).
        // Issue 27: each candidate kind's WeChat template and each SMS kind's template is given, or `off`.
        var templates: [String: String] = [:]
        for kind in NotificationsSettings.wechatKinds { templates["WECHAT_TEMPLATE_\(kind.rawValue.uppercased())"] = "off" }
        for kind in NotificationsSettings.smsKinds { templates["SMS_TEMPLATE_\(kind.rawValue.uppercased())"] = "off" }
        let production = try AppConfiguration.load(from: templates.merging([
            "PLATFORM_MODE": "production",
            "DATABASE_URL": "postgres://app:pw@db.internal:5432/health_talent?sslmode=verify-full",
            "ATTACHMENTS_DIR": "/srv/health-talent/attachments",
            "WECHAT_APP_ID": "wx1234", "WECHAT_APP_SECRET": "s",
            "SMS_GATEWAY": "tencent", "TENCENTCLOUD_SECRET_ID": "id", "TENCENTCLOUD_SECRET_KEY": "key",
            "SMS_SDK_APP_ID": "1400", "SMS_SIGN_NAME": "湖北卫生人才", "SMS_TEMPLATE_ID": "1",
            "ID_VERIFIER": "tencent",
        ]) { _, new in new })
        #expect(production.mode == .production)
    }

    @Test func developmentUsesStandInsUnlessProvidersAreConfigured() throws {
        let development = try AppConfiguration.load(from: [:])
        guard case .development = development.wechat else { Issue.record("expected the development WeChat client"); return }
        guard case .console = development.sms else { Issue.record("expected the console SMS gateway"); return }

        // Half a provider's settings is a mistake, even in development.
        let error = try #require(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["WECHAT_APP_ID": "wx1", "SMS_GATEWAY": "tencent", "SMS_SIGN_NAME": "x"])
        }
        #expect(error.problems.contains { $0.hasPrefix("WECHAT_APP_SECRET") })
        #expect(error.problems.contains { $0.contains("TENCENTCLOUD_SECRET_ID") })
    }

    @Test func aDatabaseURLWithAPasswordIsNotEchoedInProblems() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["DATABASE_URL": "postgres://app:pa55word@db/x?sslmod=require"])
        }
        #expect(!error.description.contains("pa55word"))
    }

    @Test func moduleLimitsAreReadAndValidatedWithTheRest() throws {
        let configuration = try AppConfiguration.load(from: [
            "SMS_CODE_MAX_FAILURES": "8", "VERIFICATION_NUMBER_TRIES": "3", "UPLOADS_PER_DAY": "50", "HTTP_MAX_CONNECTIONS": "20",
        ])
        #expect(configuration.identity.smsCodeMaximumFailures == 8)
        #expect(configuration.identity.verificationTriesPerNumber == 3)
        #expect(configuration.attachments.dailyUploadsPerAccount == 50)
        #expect(configuration.connectionLimits.maximumConnections == 20)
        #expect(configuration.identity.smsPhoneDailyLimit == 10)  // untouched defaults stay

        let error = try #require(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["SMS_CODE_MAX_FAILURES": "21", "UPLOADS_PER_DAY": "lots", "HTTP_PORT": "x"])
        }
        for name in ["SMS_CODE_MAX_FAILURES", "UPLOADS_PER_DAY", "HTTP_PORT"] {
            #expect(error.problems.contains { $0.hasPrefix(name) }, "no problem reported for \(name)")
        }
    }

    /// Issue 26: the exam year is the cycles' unless configured; a configured one must be a year.
    @Test func theExamYearIsOptionalAndMustBeAYear() throws {
        #expect(try AppConfiguration.load(from: [:]).trial.examYear == nil)
        #expect(try AppConfiguration.load(from: ["EXAM_YEAR": "2027"]).trial.examYear == 2027)
        for bad in ["27", "next", "3000"] {
            let error = #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: ["EXAM_YEAR": bad]) }
            #expect(error?.problems.contains { $0.hasPrefix("EXAM_YEAR") } == true, "\(bad)")
        }
    }

    /// Issue 27: the reminders' days are a list with a default; anything but days from 1 to 30 is refused.
    @Test func theReminderDaysAreAListOfDays() throws {
        #expect(try AppConfiguration.load(from: [:]).trial.reminderDays == [3, 1])
        #expect(try AppConfiguration.load(from: ["TRIAL_REMINDER_DAYS": "7, 3,1,3"]).trial.reminderDays == [7, 3, 1])
        #expect(try AppConfiguration.load(from: ["TRIAL_REMINDER_DAYS": "2"]).trial.reminderDays == [2])
        for bad in ["0", "31", "3,,1", "three", "3;1"] {
            let error = #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: ["TRIAL_REMINDER_DAYS": bad]) }
            #expect(error?.problems.contains { $0.hasPrefix("TRIAL_REMINDER_DAYS") } == true, "\(bad)")
        }
    }
}
