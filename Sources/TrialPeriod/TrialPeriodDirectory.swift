import Contracts
import Postgres

/// `TrialApplications` for Confirmation.
struct ApprovedDeclarations: TrialApplications {
    let database: Database

    func approvedApplication(of account: AccountID, year: Int) async throws -> ApprovedTrialApplication? {
        guard let declaration = try await database.withConnection({ try await DeclarationStore.approved(of: account, year: year, on: $0) }) else {
            return nil
        }
        let content = declaration.content
        return ApprovedTrialApplication(
            account: account, year: year, institution: declaration.institution, level: content.level, category: content.category,
            tcmSubtype: content.tcmSubtype?.rawValue, assistantUpgrade: content.assistantUpgrade != nil, freshGraduate: content.freshGraduate,
            trialInstitutions: content.trialInstitutions.compactMap { entry in
                guard let name = entry.name, let start = entry.startDate else { return nil }
                return ApprovedTrialPeriod(
                    name: name, startDate: start, endDate: entry.endDate, position: entry.position, supervisorName: entry.supervisorName,
                    current: entry.current
                )
            }
        )
    }
}
