/// Offered by Institutions: where a candidate currently works, so other modules need not read
/// `institutions.*` themselves.
public protocol EmploymentDirectory: Sendable {
    func currentInstitution(of account: AccountID) async throws -> InstitutionID?
}
