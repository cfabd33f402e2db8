import Audit
import Contracts
import Foundation
import Logging
import Postgres
import Tabular

/// `health-talent institutions import FILE.csv` and the console's 机构导入: columns name, uscc, superior
/// unit, category, region, address (named by a header line in English or Chinese, or in that order).
/// Every bad row is reported with its line number and reason; good rows are imported in transactions
/// of 1,000; re-running updates institutions by USCC instead of duplicating them.
public struct InstitutionImporter: Sendable {
    let database: Database
    let clock: any WallClock
    let logger: Logger

    public struct Report: Sendable {
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        public var bad: [(line: Int, reason: String)] = []
    }

    public static let batchSize = 1000

    public init(database: Database, clock: any WallClock, logger: Logger) {
        self.database = database
        self.clock = clock
        self.logger = logger
    }

    /// The file's columns, in this order when the file has no header line; a header (the English names
    /// or the Chinese labels of `template`, any order) names them. Codes may be written as labels.
    static let columns: [(key: String, names: [String])] = [
        ("name", ["name", "单位名称", "名称"]),
        ("uscc", ["uscc", "统一社会信用代码", "机构编码"]),
        ("superiorUnit", ["superior unit", "superiorunit", "主管单位", "上级单位"]),
        ("category", ["category", "机构类别"]),
        ("region", ["region", "地区", "行政区划代码"]),
        ("address", ["address", "地址", "详细地址"]),
    ]

    /// The downloadable template: the Chinese header and one example row.
    public static let template = CSVCell.line(columns.map { $0.names[1] })
        + CSVCell.line(["示例市第一人民医院", "12420100MB1234567X", "示例市卫生健康委员会", "A", "420100", "湖北省武汉市示例路1号"])

    /// Imports `text` (decoded by `CSVText`). Throws a validation problem for a file that cannot be
    /// read at all (an open quote, an unknown or repeated header column, no data rows); every other bad
    /// row is in the report with its line number.
    public func importCSV(_ text: String) async throws -> Report {
        let records: [CSVReader.Record]
        do { records = try CSVReader.records(text) } catch .unterminatedQuote(let line) {
            throw Problem.validation([TabularProblems.unterminatedQuote(line: line)])
        }
        var order = Self.columns.map(\.key)
        var data = records[...]
        if let first = records.first, let header = try Self.header(first.fields) {
            order = header
            data = records.dropFirst()
        }
        guard !data.isEmpty else { throw Problem.validation([TabularProblems.noDataRows]) }
        var report = Report()
        var batch: [(line: Int, details: InstitutionDetails)] = []
        for record in data {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == order.count else {
                report.bad.append((record.line, "应有\(order.count)列(单位名称、统一社会信用代码、主管单位、机构类别、地区、地址)，实有\(fields.count)列"))
                continue
            }
            let values = Dictionary(uniqueKeysWithValues: zip(order, fields))
            // An all-digit code (124201000000103701) is what Excel turns into 1.24201E+17.
            if let uscc = values["uscc"], SpreadsheetValue.isScientificNotation(uscc) {
                let problem = TabularProblems.scientificNotation(field: "uscc")
                report.bad.append((record.line, "\(problem.field): \(problem.message)"))
                continue
            }
            let input = InstitutionRules.Input(
                name: values["name"] ?? "", uscc: values["uscc"] ?? "", superiorUnit: values["superiorUnit"].flatMap { $0.isEmpty ? nil : $0 },
                category: Self.code(values["category"] ?? "", InstitutionCategory.allCases.map { ($0.rawValue, $0.label) }),
                region: Self.code(values["region"] ?? "", HubeiRegion.allCases.map { ($0.rawValue, $0.label) }),
                address: values["address"] ?? ""
            )
            switch InstitutionRules.validate(input) {
            case .success(let details): batch.append((record.line, details))
            case .failure(let list): report.bad.append((record.line, list.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")))
            }
            if batch.count == Self.batchSize {
                try await store(batch, into: &report)
                batch.removeAll()
            }
        }
        if !batch.isEmpty { try await store(batch, into: &report) }
        return report
    }

    /// The keys a header line names, or nil when the line is data (none of its cells is a column name).
    static func header(_ fields: [String]) throws(Problem) -> [String]? {
        let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let keys = names.map { name in columns.first { $0.names.contains(name) }?.key }
        guard keys.contains(where: { $0 != nil }) else { return nil }
        var problems: [FieldProblem] = []
        var seen: Set<String> = []
        for (index, key) in keys.enumerated() {
            if let key {
                if !seen.insert(key).inserted {
                    problems.append(InstitutionsProblems.duplicateColumn(at: index, fields[index]))
                }
            } else {
                problems.append(InstitutionsProblems.unknownColumn(at: index, fields[index]))
            }
        }
        for column in columns where !seen.contains(column.key) && column.key != "superiorUnit" {
            problems.append(InstitutionsProblems.missingColumn(column.names[1]))
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        return keys.compactMap { $0 }
    }

    /// A code column's value: the code, or the label of one (as the console's lists show them).
    static func code(_ value: String, _ codes: [(code: String, label: String)]) -> String {
        codes.first { $0.label == value }?.code ?? value
    }

    private func store(_ batch: [(line: Int, details: InstitutionDetails)], into report: inout Report) async throws {
        let now = clock.now()
        let outcome = try await database.transaction { connection -> Report in
            var partial = Report()
            for (line, details) in batch {
                if let existing = try await InstitutionStore.active(uscc: details.uscc, on: connection) {
                    let same = existing.name == details.name && existing.superiorUnit == details.superiorUnit
                        && existing.category == details.category && existing.region == details.region && existing.address == details.address
                    if same { partial.unchanged += 1; continue }
                    if let clash = try await nameClash(details, except: existing.id, on: connection) { partial.bad.append((line, clash)); continue }
                    _ = try await InstitutionStore.update(existing.id, with: details, at: now, on: connection)
                    try await connection.record(AuditEvent(action: "institution.import_update", about: existing.id), origin: .commandLine)
                    partial.updated += 1
                } else {
                    if let clash = try await nameClash(details, except: nil, on: connection) { partial.bad.append((line, clash)); continue }
                    let created = try await InstitutionStore.insert(details, code: ConfirmationCode.generate(), at: now, on: connection)
                    try await connection.record(AuditEvent(action: "institution.import_create", about: created.id), origin: .commandLine)
                    partial.created += 1
                }
            }
            return partial
        }
        report.created += outcome.created
        report.updated += outcome.updated
        report.unchanged += outcome.unchanged
        report.bad += outcome.bad
    }

    /// Another active institution already has the name (checked first, so one bad row does not abort
    /// the batch's transaction).
    private func nameClash(_ details: InstitutionDetails, except id: InstitutionID?, on connection: Connection) async throws -> String? {
        try await InstitutionStore.isNameTaken(details.name, except: id, on: connection) ? "name: 已有同名单位(统一社会信用代码不同)" : nil
    }
}
