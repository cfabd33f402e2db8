import Console
import Contracts
import Foundation
import Hummingbird
import Web

extension RecordPages {
    /// The list as filtered, as CSV for Excel, in the import's columns (Chinese headers) after the
    /// candidate's name and status: a unit fills in the file and imports it back. Document numbers are
    /// in full (the unit's own staff; the download is audited as such); a long number ends with a tab
    /// so that Excel keeps it as text instead of turning it into `4.20106E+17` (the import trims it).
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        let filter = try await filter(request)
        try await lists.recordExport(of: unit, year: filter.year, origin: context.origin)
        let lists = self.lists
        let leading = ["年度", "姓名", "状态", "当前版本", "已确认版本", "异议"]
        return CSVDownload.response(
            filename: "信息确认\(filter.year).csv", header: leading + ImportColumns.all.map { ImportColumns.chinese[$0] ?? $0 }
        ) { after in
            let cursor = try after.map { text in
                guard let cursor = NameCursor(encoded: text) else { throw PageRequest.invalidCursor }
                return cursor
            }
            let (items, next, _) = try await lists.list(unit, filter, limit: 100, after: cursor)
            let versions = try await lists.currentVersions(of: items)
            let rows = try items.map { item -> [String] in
                let record = item.listed?.record
                var values = try record.flatMap { versions[$0.id] }.map { try ImportColumns.values(of: $0.content) } ?? [:]
                values[ImportColumns.documentNumber] = item.candidate.documentNumber
                return [
                    String(filter.year), item.candidate.realName, item.status.label, record.map { String($0.currentVersion) } ?? "",
                    record?.confirmedVersion.map(String.init) ?? "", item.listed?.openDispute?.message ?? "",
                ] + ImportColumns.all.map { column in
                    let value = values[column] ?? ""
                    return ImportColumns.numberColumns.contains(column) && Self.isLongNumber(value) ? value + "\t" : value
                }
            }
            return (rows, next)
        }
    }

    /// Digits Excel would show in scientific notation (more than 11).
    static func isLongNumber(_ text: String) -> Bool {
        text.count > 11 && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "X" || $0 == "x") } && text.first?.isNumber == true
    }
}
