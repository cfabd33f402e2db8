import Audit
import Contracts
import Foundation
import LibCrypto
import Logging
import Postgres

/// Sends login codes within the limits: one per minute and ten a day per phone, twenty per five minutes
/// per client address. The limits are checked and the send recorded under advisory locks on the phone
/// and the address, so concurrent requests (on any instance) cannot slip past them together.
struct SMSCodeSender: Sendable {
    let database: Database
    let gateway: any SMSGateway
    let clock: any WallClock
    let settings: IdentitySettings

    struct Receipt: Encodable, Sendable {
        /// When the code stops working.
        let expiresAt: Date
        /// Seconds until another code may be requested for this phone.
        let resendAfterSeconds: Int
    }

    func send(to phone: PhoneNumber, origin: RequestOrigin) async throws -> Receipt {
        let now = clock.now()
        let code = SMSCode.generate()
        let key = SecureRandom.bytes(32)
        let sendID = try await database.transaction { connection in
            try await lock("sms-phone:\(phone.digits)", on: connection)
            if let ip = origin.clientIP { try await lock("sms-ip:\(ip)", on: connection) }
            try await checkLimits(phone: phone, clientIP: origin.clientIP, now: now, on: connection)
            try await connection.execute(
                """
                INSERT INTO identity.sms_codes (phone, code_hash, code_key, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (phone) DO UPDATE SET code_hash = EXCLUDED.code_hash, code_key = EXCLUDED.code_key,
                    created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
                    failed_attempts = 0, consumed_at = NULL
                """,
                [phone.digits, Data(SMSCode.hash(code.digits, key: key)), Data(key), now, now.addingTimeInterval(settings.smsCodeValidity)]
            )
            return try await connection.query(
                "INSERT INTO identity.sms_sends (phone, client_ip, sent_at) VALUES ($1, $2::inet, $3) RETURNING id",
                [phone.digits, origin.clientIP, now]
            )[0].decode(Int64.self, "id")
        }

        // The gateway is called outside the transaction: no connection is held during a slow provider.
        do {
            try await gateway.sendLoginCode(code.digits, to: phone, validMinutes: Int(settings.smsCodeValidity / 60), requestID: origin.requestID)
        } catch {
            // Nothing was delivered: the send does not count and the code must not work.
            try await database.transaction { connection in
                try await connection.execute("DELETE FROM identity.sms_sends WHERE id = $1", [sendID])
                try await connection.execute(
                    "DELETE FROM identity.sms_codes WHERE phone = $1 AND code_hash = $2",
                    [phone.digits, Data(SMSCode.hash(code.digits, key: key))]
                )
            }
            switch error {
            case .rateLimited: throw IdentityProblems.smsTooFrequent(retryAfter: Int(settings.smsPhoneInterval), scope: "provider")
            case .rejectedNumber: throw IdentityProblems.smsRejectedNumber
            case .unavailable: throw IdentityProblems.upstreamUnavailable
            }
        }
        return Receipt(expiresAt: now.addingTimeInterval(settings.smsCodeValidity), resendAfterSeconds: Int(settings.smsPhoneInterval))
    }

    private func lock(_ name: String, on connection: Connection) async throws {
        try await connection.advisoryLock(name)
    }

    /// One query for all three limits; throws 429 with the wait that would lift the tightest one.
    private func checkLimits(phone: PhoneNumber, clientIP: String?, now: Date, on connection: Connection) async throws {
        let row = try await connection.query(
            """
            SELECT
                (SELECT max(sent_at) FROM identity.sms_sends WHERE phone = $1) AS last_sent,
                (SELECT count(*) FROM identity.sms_sends WHERE phone = $1 AND sent_at > $3::timestamptz - make_interval(secs => $5)) AS day_count,
                (SELECT min(sent_at) FROM identity.sms_sends WHERE phone = $1 AND sent_at > $3::timestamptz - make_interval(secs => $5)) AS day_oldest,
                (SELECT count(*) FROM identity.sms_sends WHERE client_ip = $2::inet AND sent_at > $3::timestamptz - make_interval(secs => $4)) AS ip_count,
                (SELECT min(sent_at) FROM identity.sms_sends WHERE client_ip = $2::inet AND sent_at > $3::timestamptz - make_interval(secs => $4)) AS ip_oldest
            """,
            [phone.digits, clientIP, now, settings.smsAddressWindow, settings.smsPhoneDailyWindow]
        )[0]
        func seconds(until date: Date) -> Int { Int(date.timeIntervalSince(now).rounded(.up)) }

        if let last = try row.decode(Date?.self, "last_sent"), now.timeIntervalSince(last) < settings.smsPhoneInterval {
            throw IdentityProblems.smsTooFrequent(retryAfter: seconds(until: last.addingTimeInterval(settings.smsPhoneInterval)), scope: "phone_interval")
        }
        if try row.decode(Int.self, "day_count") >= settings.smsPhoneDailyLimit, let oldest = try row.decode(Date?.self, "day_oldest") {
            throw IdentityProblems.smsTooFrequent(retryAfter: seconds(until: oldest.addingTimeInterval(settings.smsPhoneDailyWindow)), scope: "phone_daily")
        }
        if try row.decode(Int.self, "ip_count") >= settings.smsAddressLimit, let oldest = try row.decode(Date?.self, "ip_oldest") {
            throw IdentityProblems.smsTooFrequent(retryAfter: seconds(until: oldest.addingTimeInterval(settings.smsAddressWindow)), scope: "client_ip")
        }
    }
}
