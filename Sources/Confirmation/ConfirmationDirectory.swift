import Contracts
import Postgres

/// `ExamRecordDirectory`: where a candidate's record stands. It needs only the database and the exam
/// year, so the executable builds it before the modules that show it (Identity's `GET /me`).
public struct ExamRecordDirectoryService: ExamRecordDirectory {
    let database: Database
    let examYears: any ExamYears
    public let callerPreload: CallerPreload

    public init(database: Database, examYears: any ExamYears) {
        self.database = database
        self.examYears = examYears
        callerPreload = ExamRecordStore.callerPreload(year: examYears.examYearExpression)
    }

    public func recordStatus(of account: AccountID, year: Int) async throws -> ExamRecordStatus {
        try await database.withConnection { try await ExamRecordStore.find(account: account, year: year, on: $0) }?.status ?? .notEntered
    }

    public func currentRecord(of caller: Caller) async throws -> (year: Int, status: ExamRecordStatus) {
        if let preloaded = caller.preloaded, let current = try ExamRecordStore.preloadedRecord(in: preloaded) {
            return current
        }
        return try await currentRecord(of: caller.accountID)
    }

    public func currentRecord(of account: AccountID) async throws -> (year: Int, status: ExamRecordStatus) {
        let year = try await examYears.currentExamYear()
        return (year, try await recordStatus(of: account, year: year))
    }
}
