import Contracts
import Postgres

/// Loads accounts outside a transaction.
struct AccountReader: Sendable {
    let database: Database
    let employment: any EmploymentDirectory
    let examRecords: any ExamRecordDirectory
    let unreadMessages: any UnreadMessages
    let clock: any WallClock

    func load(_ id: AccountID) async throws -> Account? {
        try await database.withConnection { try await AccountStore.load(id, on: $0) }
    }

    /// The bound unit, from Institutions through Contracts.
    func currentEmployment(of id: AccountID) async throws -> Employment? {
        try await employment.currentEmployment(of: id)
    }

    /// The bound unit as preloaded for the caller (a query when it was not).
    func currentEmployment(of caller: Caller) async throws -> Employment? {
        try await employment.currentEmployment(of: caller)
    }

    /// The exam year's record status as preloaded for the caller (queries when it was not).
    func examRecord(of caller: Caller) async throws -> (year: Int, status: ExamRecordStatus) {
        try await examRecords.currentRecord(of: caller)
    }

    /// The exam year's exam information record (信息确认), from Confirmation through Contracts: the year
    /// is the exam year (`ExamYears`), not the calendar year.
    func examRecord(of id: AccountID) async throws -> (year: Int, status: ExamRecordStatus) {
        try await examRecords.currentRecord(of: id)
    }

    /// The caller's unread messages (Notifications, through Contracts), as preloaded (a query when not).
    func unreadMessages(of caller: Caller) async throws -> Int {
        try await unreadMessages.unreadCount(of: caller)
    }

    func unreadMessages(of id: AccountID) async throws -> Int {
        try await unreadMessages.unreadCount(of: id)
    }
}
