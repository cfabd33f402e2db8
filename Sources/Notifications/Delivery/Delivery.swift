import Contracts
import Foundation
import Postgres

/// The channels a message goes by beyond the inbox.
public enum DeliveryChannel: String, Sendable, CaseIterable, Codable {
    case wechat, sms
}

public enum DeliveryStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for its `next_attempt_at` (or claimed by a worker until then).
    case pending
    case sent
    /// Given up: retried up to the limit, or refused for good by the provider.
    case failed
    /// Not sent, by design: no acceptance left (43101), no openid, no phone.
    case skipped
}

/// A row a worker claimed: the delivery with its message. `attempts` is the claim's fence: the outcome
/// is recorded only while the row still carries it.
struct ClaimedDelivery: Sendable {
    let messageID: UUID
    let channel: DeliveryChannel
    let attempts: Int
    let account: AccountID
    let kind: NotificationKind
    let title: String
    let text: String
    let messageCreatedAt: Date

    init(row: Row) throws {
        messageID = try row.decode(UUID.self, "message_id")
        channel = try row.decode(code: DeliveryChannel.self, "channel")
        attempts = try row.decode(Int.self, "attempts")
        account = AccountID(try row.decode(UUID.self, "account_id"))
        kind = try row.decode(code: NotificationKind.self, "kind")
        title = try row.decode(String.self, "title")
        text = try row.decode(String.self, "body")
        messageCreatedAt = try row.decode(Date.self, "message_created_at")
    }
}

/// What became of one attempt.
enum DeliveryOutcome: Sendable, Equatable {
    case sent
    case skipped(String)
    case failed(String)
    /// Try again at the given time (the reason is kept as `last_error`).
    case retry(at: Date, reason: String)
    /// Not tried: the quiet hours hold it until the given time.
    case held(until: Date)
}

/// One row of the delivery log (the platform console).
struct DeliveryLogEntry: Sendable {
    let messageID: UUID
    let channel: DeliveryChannel
    let status: DeliveryStatus
    let attempts: Int
    let nextAttemptAt: Date
    let lastError: String?
    let sentAt: Date?
    let createdAt: Date
    let kind: NotificationKind
    let title: String

    init(row: Row) throws {
        messageID = try row.decode(UUID.self, "message_id")
        channel = try row.decode(code: DeliveryChannel.self, "channel")
        status = try row.decode(code: DeliveryStatus.self, "status")
        attempts = try row.decode(Int.self, "attempts")
        nextAttemptAt = try row.decode(Date.self, "next_attempt_at")
        lastError = try row.decode(String?.self, "last_error")
        sentAt = try row.decode(Date?.self, "sent_at")
        createdAt = try row.decode(Date.self, "created_at")
        kind = try row.decode(code: NotificationKind.self, "kind")
        title = try row.decode(String.self, "title")
    }
}
