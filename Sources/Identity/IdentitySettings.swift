import Foundation
import Web

/// Limits anchored on NIST SP 800-63B, OWASP ASVS 4.0.3 and login.gov's defaults, each read from the
/// environment with its default (README lists them), so an exam-season incident can be answered
/// without a rebuild. The allowed ranges agree with the database's CHECK constraints.
public struct IdentitySettings: Sendable {
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    public var sessionAbsoluteLifetime: TimeInterval = 12 * 60 * 60
    /// Sessions' last-seen time is written at most this often, so reads do not become writes.
    public var sessionTouchInterval: TimeInterval = 60

    public var smsCodeValidity: TimeInterval = 10 * 60
    /// At most 20: `identity.sms_codes.failed_attempts` is checked against that bound.
    public var smsCodeMaximumFailures = 5
    public var smsPhoneInterval: TimeInterval = 60
    public var smsPhoneDailyLimit = 10
    /// The "daily" window: sliding, never looser than a calendar day.
    public var smsPhoneDailyWindow: TimeInterval = 24 * 60 * 60
    public var smsAddressWindow: TimeInterval = 5 * 60
    public var smsAddressLimit = 20

    public var maximumAddresses = 20

    /// Automatic verification: failed scans allowed per account in the window, then only manual review.
    public var verificationMaximumFailures = 5
    public var verificationFailureWindow: TimeInterval = 6 * 60 * 60
    /// Tries of one document number per window across all accounts, so a number cannot be probed.
    public var verificationTriesPerNumber = 10
    public var verificationNumberWindow: TimeInterval = 60 * 60

    public init() {}

    /// The settings from the environment; problems go to `reader` with every other setting's.
    public static func read(from reader: inout EnvironmentReader) -> IdentitySettings {
        var settings = IdentitySettings()
        settings.sessionIdleTimeout = reader.seconds("SESSION_IDLE_TIMEOUT_SECONDS", default: settings.sessionIdleTimeout, in: 60...86_400)
        settings.sessionAbsoluteLifetime = reader.seconds("SESSION_LIFETIME_SECONDS", default: settings.sessionAbsoluteLifetime, in: 300...604_800)
        settings.smsCodeValidity = reader.seconds("SMS_CODE_VALIDITY_SECONDS", default: settings.smsCodeValidity, in: 60...3600)
        settings.smsCodeMaximumFailures = reader.integer("SMS_CODE_MAX_FAILURES", default: settings.smsCodeMaximumFailures, in: 1...20)
        settings.smsPhoneInterval = reader.seconds("SMS_PHONE_INTERVAL_SECONDS", default: settings.smsPhoneInterval, in: 1...3600)
        settings.smsPhoneDailyLimit = reader.integer("SMS_PHONE_DAILY_LIMIT", default: settings.smsPhoneDailyLimit, in: 1...1000)
        settings.smsAddressWindow = reader.seconds("SMS_ADDRESS_WINDOW_SECONDS", default: settings.smsAddressWindow, in: 1...86_400)
        settings.smsAddressLimit = reader.integer("SMS_ADDRESS_LIMIT", default: settings.smsAddressLimit, in: 1...100_000)
        settings.maximumAddresses = reader.integer("ADDRESSES_PER_ACCOUNT", default: settings.maximumAddresses, in: 1...100)
        settings.verificationMaximumFailures = reader.integer("VERIFICATION_MAX_FAILURES", default: settings.verificationMaximumFailures, in: 1...50)
        settings.verificationFailureWindow = reader.seconds("VERIFICATION_FAILURE_WINDOW_SECONDS", default: settings.verificationFailureWindow, in: 60...604_800)
        settings.verificationTriesPerNumber = reader.integer("VERIFICATION_NUMBER_TRIES", default: settings.verificationTriesPerNumber, in: 1...1000)
        settings.verificationNumberWindow = reader.seconds("VERIFICATION_NUMBER_WINDOW_SECONDS", default: settings.verificationNumberWindow, in: 60...604_800)
        if settings.sessionAbsoluteLifetime < settings.sessionIdleTimeout {
            reader.report("SESSION_LIFETIME_SECONDS must not be shorter than SESSION_IDLE_TIMEOUT_SECONDS")
        }
        return settings
    }
}
