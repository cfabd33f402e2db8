/// Offered by Confirmation: where a candidate's exam information record stands for a year, so `GET /me`
/// and unit dashboards can show it without reading `confirmation.*`.
public protocol ExamRecordDirectory: Sendable {
    func recordStatus(of account: AccountID, year: Int) async throws -> ExamRecordStatus
}

public enum ExamRecordStatus: String, CaseIterable, Sendable, Codable {
    case notEntered = "not_entered"
    case awaitingConfirmation = "awaiting_confirmation"
    case disputed
    case confirmed
}
