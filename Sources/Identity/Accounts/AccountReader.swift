import Contracts
import Postgres

/// Loads accounts outside a transaction.
struct AccountReader: Sendable {
    let database: Database
    let employment: any EmploymentDirectory
    let examRecords: any ExamRecordDirectory
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

    /// This year's exam record status as preloaded for the caller (a query when it was not).
    func examRecord(of caller: Caller) async throws -> (year: Int, status: ExamRecordStatus) {
        let year = CalendarDate(inChina: clock.now()).year
        return (year, try await examRecords.recordStatus(of: caller, year: year))
    }

    /// This year's exam information record (信息确认), from Confirmation through Contracts: the year is
    /// the calendar year in China.
    func examRecord(of id: AccountID) async throws -> (year: Int, status: ExamRecordStatus) {
        let year = CalendarDate(inChina: clock.now()).year
        return (year, try await examRecords.recordStatus(of: id, year: year))
    }
}
