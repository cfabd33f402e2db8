import Audit
import Contracts
import Foundation
import Postgres

/// Checks a code against the phone's current code inside the caller's transaction. A wrong entry is
/// counted (and audited, without the code); the fifth voids the code. A right one is consumed.
struct SMSCodeVerifier: Sendable {
    let settings: IdentitySettings

    enum Outcome: Sendable {
        case accepted
        case wrong(attemptsLeft: Int)
        case expired

        /// The problem to answer with, for every outcome but `accepted`.
        var problem: Problem? {
            switch self {
            case .accepted: nil
            case .wrong(let attemptsLeft): IdentityProblems.smsCodeWrong(attemptsLeft: attemptsLeft)
            case .expired: IdentityProblems.smsCodeExpired
            }
        }
    }

    func consume(_ code: String, for phone: PhoneNumber, at now: Date, origin: RequestOrigin, on connection: Connection) async throws -> Outcome {
        guard let stored = try await SMSStore.lockedCode(of: phone, on: connection), !stored.consumed, stored.expiresAt > now else {
            return .expired
        }
        let failures = stored.failedAttempts
        guard failures < settings.smsCodeMaximumFailures else { return .expired }

        guard SMSCode.matches(code, hash: stored.hash, key: stored.key) else {
            try await SMSStore.countFailure(of: phone, on: connection)
            let attemptsLeft = settings.smsCodeMaximumFailures - failures - 1
            try await connection.record(
                AuditEvent(
                    action: "auth.sms_code.failed", entityType: "phone", entityID: phone.masked,
                    details: ["attempts_left": String(attemptsLeft)]
                ),
                origin: origin
            )
            return .wrong(attemptsLeft: attemptsLeft)
        }
        try await SMSStore.consume(of: phone, at: now, on: connection)
        return .accepted
    }
}
