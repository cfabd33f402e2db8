import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

extension ReviewPages {
    // MARK: Export

    /// The list as filtered, every page of it, as CSV for Excel.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        let filter = try ReviewFilter(query: request, consoleDefaults: true)
        try await reviews.recordExport(of: unit, filter: filter, origin: context.origin)
        let reviews = self.reviews
        return CSVDownload.response(
            filename: "试用期申报.csv", header: ["申报年度", "姓名", "考试级别", "考试类别", "中医类别", "状态", "提交时间", "审核通过时间"]
        ) { after in
            let cursor = try after.map { text in
                guard let cursor = KeysetCursor(encoded: text) else { throw PageRequest.invalidCursor }
                return cursor
            }
            let (page, _) = try await reviews.list(unit, filter, page: PageRequest(limit: 100, cursor: cursor))
            let rows = page.items.map { item in
                [
                    String(item.cycle), item.applicantName, ExamLevel(rawValue: item.level)?.label ?? item.level,
                    ExamCategory(rawValue: item.category)?.label ?? item.category, item.tcmSubtype.flatMap(TCMSubtype.init(rawValue:))?.label ?? "",
                    DeclarationStatus(rawValue: item.status)?.label ?? item.status, item.submittedAt.map(ConsoleFormat.minute) ?? "",
                    item.approvedAt.map(ConsoleFormat.minute) ?? "",
                ]
            }
            return (rows, page.nextCursor)
        }
    }
}
