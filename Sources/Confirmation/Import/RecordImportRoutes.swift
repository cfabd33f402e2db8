import Contracts
import Console
import Hummingbird
import Tabular
import Web

/// `POST /units/{id}/exam-records/{year}/import` with a `text/csv` body.
struct RecordImportRoutes: Sendable {
    let imports: RecordImportService

    func register(on routes: ModuleRoutes) {
        let unit = routes.unitAdmin("")
        unit.post(ConfirmationPaths.importCSV.route, use: importCSV)
        unit.get(ConfirmationPaths.importTemplate.route, use: template)
    }

    /// The Chinese header and one example row, for Excel.
    @Sendable func template(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let text = context.parameters.get("year"), let year = Int(text), ExamRecordService.years.contains(year) else { throw Problem.notFound }
        return CSVDownload.file(filename: "信息确认导入模板.csv", lines: ImportColumns.template)
    }

    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> ImportReportResponse {
        let caller = try context.requireCaller()
        let unit = InstitutionID(try context.uuidParameter("institutionId"))
        guard let text = context.parameters.get("year"), let year = Digits.integer(text), ExamRecordService.years.contains(year) else { throw Problem.notFound }
        let mediaType = request.headers[.contentType].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "text/csv" else { throw ConfirmationProblems.unsupportedMediaType }
        await context.acceptBody(of: request)
        let limit = imports.settings.importMaximumBytes
        var buffer = try await request.body.collect(upTo: limit + 1)
        guard buffer.readableBytes <= limit else { throw ConfirmationProblems.importTooLarge }
        let csv = try CSVText.decode(buffer.readBytes(length: buffer.readableBytes) ?? []).text
        let reports = try await imports.importCSV(csv, year: year, into: unit, by: caller.accountID, origin: context.origin)
        return ImportReportResponse(year: year, reports)
    }
}
