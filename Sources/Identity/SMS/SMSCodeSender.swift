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

    /// The console's sign-in: the same limits and the same answer for every phone, but a code is made
    /// and sent only to the phone of an account that may enter the console, so the form can neither send
    /// texts to anyone nor tell who is an administrator. A withheld send still counts against the limits.
    func sendForConsole(to phone: PhoneNumber, origin: RequestOrigin) async throws -> Receipt {
        try await send(to: phone, origin: origin) { connection in
            guard let account = try await AccountStore.account(withPhone: phone, on: connection),
                  let loaded = try await AccountStore.load(account, on: connection)
            else { return false }
            return loaded.roles.contains { $0.kind == .platformAdmin || $0.kind == .unitAdmin }
        }
    }

    /// `deliver` decides, after the limits and under their locks, whether the code is made and sent.
    func send(
        to phone: PhoneNumber, origin: RequestOrigin, deliver: (Connection) async throws -> Bool = { _ in true }
    ) async throws -> Receipt {
        let now = clock.now()
        let code = SMSCode.generate()
        let key = SecureRandom.bytes(32)
        let (sendID, delivering) = try await database.transaction { connection in
            // Phone first, then address, always in that order.
            try await connection.advisoryLocks(["sms-phone:\(phone.digits)"] + (origin.clientIP.map { ["sms-ip:\($0)"] } ?? []))
            try await checkLimits(phone: phone, clientIP: origin.clientIP, now: now, on: connection)
            let delivering = try await deliver(connection)
            if delivering {
                try await SMSStore.replaceCode(
                    of: phone, hash: SMSCode.hash(code.digits, key: key), key: key, at: now,
                    expiresAt: now.addingTimeInterval(settings.smsCodeValidity), on: connection
                )
            }
            return (try await SMSStore.recordSend(to: phone, from: origin.clientIP, at: now, on: connection), delivering)
        }
        let receipt = Receipt(expiresAt: now.addingTimeInterval(settings.smsCodeValidity), resendAfterSeconds: Int(settings.smsPhoneInterval))
        guard delivering else { return receipt }

        // The gateway is called outside the transaction: no connection is held during a slow provider.
        do {
            try await gateway.sendLoginCode(code.digits, to: phone, validMinutes: Int(settings.smsCodeValidity / 60), requestID: origin.requestID)
        } catch {
            // Nothing was delivered: the send does not count and the code must not work.
            try await database.transaction { connection in
                try await SMSStore.deleteSend(sendID, on: connection)
                try await SMSStore.deleteCode(of: phone, hash: SMSCode.hash(code.digits, key: key), on: connection)
            }
            switch error {
            case .rateLimited: throw IdentityProblems.smsTooFrequent(retryAfter: Int(settings.smsPhoneInterval), scope: "provider")
            case .rejectedNumber: throw IdentityProblems.smsRejectedNumber
            case .unavailable: throw IdentityProblems.upstreamUnavailable
            }
        }
        return receipt
    }

    /// One query for all three limits; throws 429 with the wait that would lift the tightest one.
    private func checkLimits(phone: PhoneNumber, clientIP: String?, now: Date, on connection: Connection) async throws {
        let counts = try await SMSStore.sendCounts(
            phone: phone, clientIP: clientIP, now: now, dayWindow: settings.smsPhoneDailyWindow, addressWindow: settings.smsAddressWindow,
            on: connection
        )
        func seconds(until date: Date) -> Int { Int(date.timeIntervalSince(now).rounded(.up)) }

        if let last = counts.lastSent, now.timeIntervalSince(last) < settings.smsPhoneInterval {
            throw IdentityProblems.smsTooFrequent(retryAfter: seconds(until: last.addingTimeInterval(settings.smsPhoneInterval)), scope: "phone_interval")
        }
        if counts.dayCount >= settings.smsPhoneDailyLimit, let oldest = counts.dayOldest {
            throw IdentityProblems.smsTooFrequent(retryAfter: seconds(until: oldest.addingTimeInterval(settings.smsPhoneDailyWindow)), scope: "phone_daily")
        }
        if counts.addressCount >= settings.smsAddressLimit, let oldest = counts.addressOldest {
            throw IdentityProblems.smsTooFrequent(retryAfter: seconds(until: oldest.addingTimeInterval(settings.smsAddressWindow)), scope: "client_ip")
        }
    }
}
