/// Offered by Confirmation: where a candidate's exam information record stands for a year, so `GET /me`
/// and unit dashboards can show it without reading `confirmation.*`.
public protocol ExamRecordDirectory: Sendable {
    func recordStatus(of account: AccountID, year: Int) async throws -> ExamRecordStatus
    /// The exam year (`ExamYears`) and the record's status in it, as part of the authenticating statement.
    var callerPreload: CallerPreload { get }
    /// The exam year and the record's status in it, from the caller's preloaded row when it holds them,
    /// else by queries.
    func currentRecord(of caller: Caller) async throws -> (year: Int, status: ExamRecordStatus)
    /// The same for an account, by queries.
    func currentRecord(of account: AccountID) async throws -> (year: Int, status: ExamRecordStatus)
}

public enum ExamRecordStatus: String, CaseIterable, Sendable, Codable {
    case notEntered = "not_entered"
    case awaitingConfirmation = "awaiting_confirmation"
    case disputed
    case confirmed
}
