import Contracts
import Postgres

/// `ExamRecordDirectory`: where a candidate's record stands. It needs only the database, so the
/// executable builds it before the modules that show it (Identity's `GET /me`).
public struct ExamRecordDirectoryService: ExamRecordDirectory {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func recordStatus(of account: AccountID, year: Int) async throws -> ExamRecordStatus {
        try await database.withConnection { try await ExamRecordStore.find(account: account, year: year, on: $0) }?.status ?? .notEntered
    }

    public var callerPreload: CallerPreload { ExamRecordStore.callerPreload }

    public func recordStatus(of caller: Caller, year: Int) async throws -> ExamRecordStatus {
        if let preloaded = caller.preloaded, let status = try ExamRecordStore.preloadedStatus(in: preloaded, year: year) {
            return status
        }
        return try await recordStatus(of: caller.accountID, year: year)
    }
}
