import Contracts
import Foundation
import Postgres

/// `ExamYears` for Identity (`GET /me`) and Confirmation (its lists): the exam year from the cycles.
/// It needs only the database, so the executable builds it before the modules that use it.
public struct ExamYearDirectory: ExamYears {
    let database: Database
    let clock: any WallClock
    let configured: Int?

    public init(database: Database, clock: any WallClock, settings: TrialPeriodSettings = TrialPeriodSettings()) {
        self.database = database
        self.clock = clock
        configured = settings.examYear
    }

    public func currentExamYear() async throws -> Int {
        if let configured { return configured }
        let now = clock.now()
        return try await database.withConnection { try await CycleStore.examYear(at: now, on: $0) }
    }

    public var examYearExpression: SQL { CycleStore.examYear(instant: "$2::timestamptz", configured: configured) }
}

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
