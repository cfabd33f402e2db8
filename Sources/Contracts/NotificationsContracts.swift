import Foundation
import Postgres

/// Offered by Notifications (issue 27): writes a message to an account's inbox (授权访问消息) on the
/// caller's connection, inside the caller's transaction, so the message exists exactly when the change
/// that caused it commits (a rolled-back change leaves none). The same event (the same `dedupKey`)
/// never makes two messages.
public protocol Notifier: Sendable {
    func notify(_ note: NotificationEvent, on connection: Connection) async throws
}

/// One event for one recipient. Named `NotificationEvent`, not `Notification`, which Foundation takes.
public struct NotificationEvent: Sendable, Equatable {
    public let recipient: AccountID
    public let kind: NotificationKind
    /// Chinese, shown as the message's title (at most 64 characters).
    public let title: String
    /// Chinese, the message itself (at most 1000 characters; a unit's reason is at most 500).
    public let text: String
    /// What the mini-program opens from the message.
    public let link: NotificationLink?
    /// Unique per event (`<entity>:<id>:<action>:<version>`): a second notify of the same event is a no-op.
    public let dedupKey: String

    public init(recipient: AccountID, kind: NotificationKind, title: String, text: String, link: NotificationLink?, dedupKey: String) {
        self.recipient = recipient
        self.kind = kind
        self.title = title
        self.text = text
        self.link = link
        self.dedupKey = dedupKey
    }
}

/// The target a message opens: `trial_application` + the declaration's id, `exam_record` + the year, …
/// (docs/adr/0023 lists them). A unit administrator's message opens a console page: `console` + its path.
public struct NotificationLink: Sendable, Equatable {
    public let type: String
    public let id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }

    /// A console page (the unit administrators' messages), by the path its module's `Paths` built.
    public static func console(_ path: String) -> NotificationLink {
        NotificationLink(type: "console", id: path)
    }
}

/// Every kind of message issue 27 names. This slice produces the three declaration outcomes a
/// candidate waits for (returned, approved, modification allowed); the others are reserved codes.
public enum NotificationKind: String, Sendable, CaseIterable, Codable {
    // The candidate.
    case verificationApproved = "verification_approved"
    case verificationRejected = "verification_rejected"
    case declarationReturned = "declaration_returned"
    case declarationApproved = "declaration_approved"
    case declarationModificationAllowed = "declaration_modification_allowed"
    case declarationDeadlineReminder = "declaration_deadline_reminder"
    case examRecordAwaitingConfirmation = "exam_record_awaiting_confirmation"
    case disputeAnswered = "dispute_answered"
    case bindingEnded = "binding_ended"
    // A unit's administrators.
    case declarationSubmitted = "declaration_submitted"
    case declarationResubmitted = "declaration_resubmitted"
    case examRecordDisputed = "exam_record_disputed"
    case registrationDecided = "registration_decided"
    case reviewDeadlineReminder = "review_deadline_reminder"
}

/// Offered by Identity to Notifications' delivery (issue 27): where an account can be reached beyond the
/// inbox. Identity owns the WeChat openid and the phone; Notifications never reads its schema.
public protocol NotificationContacts: Sendable {
    /// nil when there is no such account.
    func contact(of account: AccountID) async throws -> NotificationContact?
}

public struct NotificationContact: Sendable, Equatable {
    /// The mini-program openid (a WeChat login), the `touser` of a subscribe message.
    public let wechatOpenID: String?
    /// The mainland mobile number the account verified, 11 digits.
    public let phone: String?

    public init(wechatOpenID: String?, phone: String?) {
        self.wechatOpenID = wechatOpenID
        self.phone = phone
    }
}

/// Offered by Identity (which owns the Tencent Cloud SMS client and its TC3 signer) to Notifications'
/// delivery: one SMS of an approved notification template (docs/adr/0024).
public protocol NotificationSMSSender: Sendable {
    func sendNotification(templateID: String, parameters: [String], to phone: PhoneNumber) async throws(NotificationSMSError)
}

public enum NotificationSMSError: Error, Equatable {
    /// The provider's per-number limits: try later.
    case rateLimited
    /// The provider will never deliver to this number.
    case rejectedNumber
    /// The provider failed or refused us (outage, credentials, balance, template): try later.
    case unavailable(String)
}

/// Offered by Notifications (issue 27): an account's unread messages, for `GET /me` and the console's
/// header. The count rides in the authenticating statement (`callerPreload`, docs/adr/0013), so neither
/// adds a statement.
public protocol UnreadMessages: Sendable {
    var callerPreload: CallerPreload { get }
    /// The count in the caller's preloaded row; nil when the row does not hold it.
    func preloadedUnreadCount(of caller: Caller) -> Int?
    /// The count from the preloaded row when it holds it, else by a query.
    func unreadCount(of caller: Caller) async throws -> Int
    /// The count by a query (after a change, or at login).
    func unreadCount(of account: AccountID) async throws -> Int
}
