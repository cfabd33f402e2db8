import Audit
import Contracts
import Foundation
import Logging
import Postgres

/// `health-talent institutions import FILE.csv`: columns name, uscc, superior unit, category, region,
/// address (a header line is skipped when its second column is not a code). Every bad row is reported
/// with its line number and reason; good rows are imported in transactions of 1,000; re-running
/// updates institutions by USCC instead of duplicating them.
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

    public func importCSV(_ text: String) async throws -> Report {
        var report = Report()
        var batch: [(line: Int, details: InstitutionDetails)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: CharacterSet(charactersIn: "\r\u{FEFF}"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = Self.fields(of: line)
            if lineNumber == 1, fields.count > 1, USCC.verdict(USCC.normalize(fields[1])) == .malformed, fields[1].lowercased().contains("uscc") || fields[1].contains("代码") {
                continue  // header
            }
            guard fields.count == 6 else {
                report.bad.append((lineNumber, "expected 6 columns (name, uscc, superior unit, category, region, address), found \(fields.count)"))
                continue
            }
            let input = InstitutionRules.Input(
                name: fields[0], uscc: fields[1], superiorUnit: fields[2].isEmpty ? nil : fields[2], category: fields[3], region: fields[4], address: fields[5]
            )
            switch InstitutionRules.validate(input) {
            case .success(let details): batch.append((lineNumber, details))
            case .failure(let list): report.bad.append((lineNumber, list.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")))
            }
            if batch.count == Self.batchSize {
                try await store(batch, into: &report)
                batch.removeAll()
            }
        }
        if !batch.isEmpty { try await store(batch, into: &report) }
        return report
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
        let rows = try await connection.query(
            "SELECT id FROM institutions.institutions WHERE status = 'active' AND name = $1 AND id IS DISTINCT FROM $2",
            [details.name, id?.rawValue]
        )
        return rows.isEmpty ? nil : "name: 已有同名单位(统一社会信用代码不同)"
    }

    /// One CSV line's fields: commas separate, double quotes enclose fields that hold commas or quotes.
    static func fields(of line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
