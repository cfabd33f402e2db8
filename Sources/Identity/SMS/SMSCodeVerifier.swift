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
        let rows = try await connection.query(
            """
            SELECT code_hash, code_key, expires_at, failed_attempts, consumed_at
            FROM identity.sms_codes WHERE phone = $1 FOR UPDATE
            """,
            [phone.digits]
        )
        guard let row = rows.first,
              try row.decode(Date?.self, "consumed_at") == nil,
              try row.decode(Date.self, "expires_at") > now
        else { return .expired }
        let failures = try row.decode(Int.self, "failed_attempts")
        guard failures < settings.smsCodeMaximumFailures else { return .expired }

        let hash = Array(try row.decode(Data.self, "code_hash"))
        let key = Array(try row.decode(Data.self, "code_key"))
        guard SMSCode.matches(code, hash: hash, key: key) else {
            try await connection.execute(
                "UPDATE identity.sms_codes SET failed_attempts = failed_attempts + 1 WHERE phone = $1", [phone.digits]
            )
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
        try await connection.execute("UPDATE identity.sms_codes SET consumed_at = $2 WHERE phone = $1", [phone.digits, now])
        return .accepted
    }
}
