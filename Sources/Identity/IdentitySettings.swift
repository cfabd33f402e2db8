import Foundation

/// Limits from `../shared/reference/rules.md` (NIST SP 800-63B, OWASP ASVS). Tests use these defaults
/// too; they exist as settings so an exam-season incident can be answered without a rebuild.
public struct IdentitySettings: Sendable {
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    public var sessionAbsoluteLifetime: TimeInterval = 12 * 60 * 60
    /// Sessions' last-seen time is written at most this often, so reads do not become writes.
    public var sessionTouchInterval: TimeInterval = 60

    public var smsCodeValidity: TimeInterval = 10 * 60
    public var smsCodeMaximumFailures = 5
    public var smsPhoneInterval: TimeInterval = 60
    public var smsPhoneDailyLimit = 10
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
}
