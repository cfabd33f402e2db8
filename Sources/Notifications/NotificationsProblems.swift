import Contracts

/// Every problem the Notifications module answers with.
enum NotificationsProblems {
    /// Not a message of the caller's (someone else's, or none): the same answer, so ids reveal nothing.
    static let messageNotFound = Problem(status: 404, code: "not_found", title: "消息不存在")
}
