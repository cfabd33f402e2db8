/// Offered by TrialPeriod: the approved trial declaration of a candidate for an exam year, which
/// Confirmation uses to pre-fill the trial section of the exam information record.
public protocol TrialApplications: Sendable {
    func approvedApplication(of account: AccountID, year: Int) async throws -> ApprovedTrialApplication?
}

public struct ApprovedTrialApplication: Sendable, Equatable {
    public let account: AccountID
    public let year: Int
    public let institution: InstitutionID

    public init(account: AccountID, year: Int, institution: InstitutionID) {
        self.account = account
        self.year = year
        self.institution = institution
    }
}
