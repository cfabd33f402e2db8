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
        let year = try await filter(request).year
        return importPage(unit: unit, year: year, context: context)
    }

    func importPage(unit: InstitutionID, year: Int, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) -> ConsolePage {
        let model = RecordImportPage(
            year: year, action: ConfirmationPaths.consoleImport.link(unit), csrf: context.consoleCSRF ?? "", back: Self.listLink(unit, year: year),
            columns: ImportColumns.all.map { ImportColumns.chinese[$0] ?? $0 }.joined(separator: ", "), limit: imports.settings.importMaximumRows,
            template: ConfirmationPaths.consoleImportTemplate.link(unit), formError: error
        )
        return layout.page("导入考试信息", body: templates.render("import", model), context: context, status: status)
    }

    /// The list of `year`.
    static func listLink(_ unit: InstitutionID, year: Int) -> String {
        ConfirmationPaths.consoleList.link(unit, query: QueryString().adding("year", String(year)))
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
        let model = RecordImportReportPage(
            year: year, back: Self.listLink(unit, year: year),
            again: ConfirmationPaths.consoleImport.link(unit, query: QueryString().adding("year", String(year))),
            saved: reports.filter { $0.outcome == .saved }.count, unchanged: reports.filter { $0.outcome == .unchanged }.count,
            invalid: reports.filter { $0.outcome == .invalid }.count,
            lines: reports.map { report in
                RecordImportReportPage.Line(
                    line: report.line, number: report.documentNumber ?? "", outcome: labels[report.outcome] ?? report.outcome.rawValue,
                    problems: report.problems.map { "\($0.field)：\($0.message)" }.joined(separator: "；"), invalid: report.outcome == .invalid
                )
            }
        )
        return layout.page("导入结果", body: templates.render("report", model), context: context)
    }

    @Sendable func importTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        CSVDownload.file(filename: "信息确认导入模板.csv", lines: ImportColumns.template)
    }
}
