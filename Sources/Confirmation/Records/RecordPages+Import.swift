import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Tabular
import Web

extension RecordPages {
    // MARK: Import

    @Sendable func importForm(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let year = try filter(request).year
        return importPage(unit: unit, year: year, context: context)
    }

    func importPage(unit: InstitutionID, year: Int, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) -> ConsolePage {
        var object: [String: Any] = [
            "year": year, "action": Self.base(unit) + "/import", "csrf": context.consoleCSRF ?? "", "back": Self.base(unit) + "?year=\(year)",
            "columns": ImportColumns.all.map { ImportColumns.chinese[$0] ?? $0 }.joined(separator: ", "), "limit": imports.settings.importMaximumRows,
            "template": Self.base(unit) + "/import/template.csv",
        ]
        if let error { object["formError"] = error }
        return layout.page("导入考试信息", body: templates.render("import", object), context: context, status: status)
    }

    struct ReportLine {
        let line: Int
        let number: String
        let outcome: String
        let problems: String
        let invalid: Bool
    }

    /// The same import as `POST /api/v1/units/{id}/exam-records/{year}/import`, from an uploaded file;
    /// answers the report line by line.
    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let unit = try unit(context)
        let form = try await MultipartForm.read(request)
        guard let text = form["year"], let year = Digits.integer(text), ExamRecordService.years.contains(year) else {
            throw Problem.validation([ConfirmationProblems.invalidYear])
        }
        guard let file = form.file("file"), !file.content.isEmpty else {
            return importPage(unit: unit, year: year, context: context, error: "请选择要导入的 CSV 文件", status: .unprocessableContent)
        }
        guard file.content.count <= imports.settings.importMaximumBytes else {
            return importPage(unit: unit, year: year, context: context, error: ConfirmationProblems.importTooLarge.title, status: .contentTooLarge)
        }
        let reports: [RecordImportService.LineReport]
        do {
            let csv = try CSVText.decode(file.content).text
            reports = try await imports.importCSV(csv, year: year, into: unit, by: caller.accountID, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            let message = problem.consoleMessage
            return importPage(unit: unit, year: year, context: context, error: message, status: HTTPResponse.Status(code: problem.status))
        }
        let labels: [RecordImportService.LineReport.Outcome: String] = [.saved: "已保存", .unchanged: "无变化", .invalid: "有错误，未保存"]
        let object: [String: Any] = [
            "year": year, "back": Self.base(unit) + "?year=\(year)", "again": Self.base(unit) + "/import?year=\(year)",
            "saved": reports.filter { $0.outcome == .saved }.count, "unchanged": reports.filter { $0.outcome == .unchanged }.count,
            "invalid": reports.filter { $0.outcome == .invalid }.count,
            "lines": reports.map { report in
                ReportLine(
                    line: report.line, number: report.documentNumber ?? "", outcome: labels[report.outcome] ?? report.outcome.rawValue,
                    problems: report.problems.map { "\($0.field)：\($0.message)" }.joined(separator: "；"), invalid: report.outcome == .invalid
                )
            },
        ]
        return layout.page("导入结果", body: templates.render("report", object), context: context)
    }
}
