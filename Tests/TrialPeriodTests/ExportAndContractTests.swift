import AppTestSupport
import Contracts
import Foundation
import HTTPTypes
import Postgres
import Testing

@Suite("Export views and the TrialApplications contract", .timeLimit(.minutes(3)))
struct ExportAndContractTests {
    @Test func theExportViewsReturnTheSubmittedRows() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let body = AppHarness.declarationBody(version: 1, unitName: p.unitName, entries: [
                AppHarness.entry("武汉市第三医院", start: "2024-07-01", end: "2025-07-31", current: false),
                AppHarness.entry(p.unitName, start: "2025-08-01", end: nil, current: true),
            ])
            #expect(try await h.saveAndSubmit(p.candidate, id, body: body).status == .ok)
            let rows = try await h.database.query(
                "SELECT cycle, candidate_name, document_type, document_number, gender, ethnicity, level, category, education_level, unit_name, unit_uscc, status, submitted_at FROM export.trial_applications"
            )
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(try row.decode(Int.self, "cycle") == 2026)
            #expect(try row.decode(String.self, "candidate_name") == "王小明")
            #expect(try row.decode(String.self, "document_number") == AppHarness.residentID(serial: 701))
            #expect(try row.decode(String.self, "gender") == "male")
            #expect(try row.decode(String.self, "ethnicity") == "01")
            #expect(try row.decode(String.self, "unit_name") == p.unitName)
            #expect(try row.decode(String.self, "status") == "submitted")
            #expect(try row.decode(Date?.self, "submitted_at") != nil)
            let periods = try await h.database.query("SELECT position, institution_name, current FROM export.trial_periods ORDER BY position")
            #expect(try periods.map { try $0.decode(String.self, "institution_name") } == ["武汉市第三医院", p.unitName])
            #expect(try periods.map { try $0.decode(Bool.self, "current") } == [false, true])
        }
    }

    @Test func confirmationReadsTheApprovedDeclarationOnly() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let account = try #require(AccountID(p.account))
            #expect(try await h.trial.applications.approvedApplication(of: account, year: 2026) == nil)
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: p.unitToken).status == .ok)
            let approved = try #require(try await h.trial.applications.approvedApplication(of: account, year: 2026))
            #expect(approved.institution.description == p.unit)
            #expect(approved.level == .physician && approved.category == .clinical)
            #expect(approved.trialInstitutions.map(\.name) == [p.unitName])
            #expect(approved.trialInstitutions.first?.startDate == CalendarDate("2025-05-01"))
            #expect(try await h.trial.applications.approvedApplication(of: account, year: 2025) == nil)
        }
    }
}
