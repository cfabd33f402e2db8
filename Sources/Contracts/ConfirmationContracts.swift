/// Offered by Confirmation: where a candidate's exam information record stands for a year, so `GET /me`
/// and unit dashboards can show it without reading `confirmation.*`.
public protocol ExamRecordDirectory: Sendable {
    func recordStatus(of account: AccountID, year: Int) async throws -> ExamRecordStatus
    /// This year's record status (the calendar year in China at the request's instant) as part of the
    /// authenticating statement.
    var callerPreload: CallerPreload { get }
    /// The status from the caller's preloaded row when it holds `year`, else by a query.
    func recordStatus(of caller: Caller, year: Int) async throws -> ExamRecordStatus
}

public enum ExamRecordStatus: String, CaseIterable, Sendable, Codable {
    case notEntered = "not_entered"
    case awaitingConfirmation = "awaiting_confirmation"
    case disputed
    case confirmed
}
