import Contracts
import Hummingbird
import Web

/// The answer to `POST …/exam-records/{year}/import`: counts and every line's outcome.
struct ImportReportResponse: ResponseEncodable, Sendable {
    let year: Int
    let saved: Int
    let unchanged: Int
    let invalid: Int
    let lines: [Line]

    struct Line: Encodable, Sendable {
        let line: Int
        /// Masked: the report may be printed or passed around.
        @Nullable var documentNumber: String?
        let outcome: String
        @Nullable var accountId: String?
        @Nullable var version: Int?
        let errors: [FieldProblem]
    }

    init(year: Int, _ reports: [RecordImportService.LineReport]) {
        self.year = year
        saved = reports.filter { $0.outcome == .saved }.count
        unchanged = reports.filter { $0.outcome == .unchanged }.count
        invalid = reports.filter { $0.outcome == .invalid }.count
        lines = reports.map {
            Line(
                line: $0.line, documentNumber: $0.documentNumber, outcome: $0.outcome.rawValue, accountId: $0.accountID?.description,
                version: $0.version, errors: $0.problems
            )
        }
    }
}
