import Contracts
import Foundation
import Postgres

/// Identity's rows that expire: ended sessions, unusable SMS codes, and the rows of the SMS and
/// verification limits once their longest window has passed (the configured windows, so a limit never
/// loses a row it still counts).
public struct IdentityHousekeeping: Housekeeping {
    let database: Database
    let settings: IdentitySettings

    public init(database: Database, settings: IdentitySettings) {
        self.database = database
        self.settings = settings
    }

    public func prune(at now: Date, batchSize: Int) async throws -> [PrunedRows] {
        let sendWindow = max(settings.smsPhoneDailyWindow, settings.smsAddressWindow, settings.smsPhoneInterval)
        // At least an hour, so a scan still in flight (pending) is never removed under it.
        let verificationWindow = max(settings.verificationFailureWindow, settings.verificationNumberWindow, 3600)
        return [
            PrunedRows(table: "identity.sessions", count: try await HousekeepingStore.sessions(
                before: now, idleSince: now.addingTimeInterval(-settings.sessionIdleTimeout), batchSize: batchSize, in: database
            )),
            PrunedRows(table: "identity.sms_codes", count: try await HousekeepingStore.smsCodes(before: now, batchSize: batchSize, in: database)),
            PrunedRows(table: "identity.sms_sends", count: try await HousekeepingStore.smsSends(
                before: now.addingTimeInterval(-sendWindow), batchSize: batchSize, in: database
            )),
            PrunedRows(table: "identity.verification_attempts", count: try await HousekeepingStore.verificationAttempts(
                before: now.addingTimeInterval(-verificationWindow), batchSize: batchSize, in: database
            )),
        ]
    }
}
