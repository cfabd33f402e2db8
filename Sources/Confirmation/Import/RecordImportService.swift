import Audit
import Contracts
import Foundation
import Logging
import Postgres
import Tabular
import Web

/// Bulk entry (批量录入): a CSV with one row per candidate, every row validated with the same rules as
/// a single save, the valid ones saved as new versions in one transaction, a report per line. A row is
/// saved whole or not at all; a row equal to the current version makes no new version.
struct RecordImportService: Sendable {
    let records: ExamRecordService
    let settings: ConfirmationSettings
    let logger: Logger

    struct LineReport: Sendable {
        enum Outcome: String, Sendable { case saved, unchanged, invalid }
        let line: Int
        var documentNumber: String?
        var outcome: Outcome
        var accountID: AccountID?
        var version: Int?
        var problems: [FieldProblem]
    }

    /// A row ready to save: whose it is and what it says.
    private struct Candidate {
        let index: Int
        let account: AccountID
        let input: ExamRecordInput
        let note: String?
    }

    func importCSV(_ text: String, year: Int, into unit: InstitutionID, by saver: AccountID, origin: RequestOrigin) async throws -> [LineReport] {
        let rows: [CSVReader.Record]
        do { rows = try CSVReader.records(text) } catch .unterminatedQuote(let line) {
            throw Problem.validation([TabularProblems.unterminatedQuote(line: line)])
        }
        guard let header = rows.first else { throw Problem.validation([ConfirmationProblems.emptyImport]) }
        let columns = try Self.columns(header.fields)
        let data = rows.dropFirst()
        guard !data.isEmpty else { throw Problem.validation([ConfirmationProblems.emptyImport]) }
        guard data.count <= settings.importMaximumRows else {
            throw Problem.validation([ConfirmationProblems.tooManyRows(maximum: settings.importMaximumRows)])
        }

        // Whose rows: the unit's verified staff, by document number (letters compared in upper case).
        let staff = try await records.employment.staff(of: unit)
        let people = try await records.identities.verifiedIdentities(of: staff, nameContaining: nil)
        let byNumber = Dictionary(people.values.map { ($0.documentNumber.uppercased(), $0.account) }, uniquingKeysWith: { first, _ in first })

        var reports: [LineReport] = []
        var ready: [Candidate] = []
        var seen: [String: Int] = [:]
        for row in data {
            var values: [String: String] = [:]
            for (index, column) in columns.enumerated() where index < row.fields.count {
                if let column { values[column] = row.fields[index] }
            }
            let number = values[ImportColumns.documentNumber]?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
            var report = LineReport(
                line: row.line, documentNumber: number.isEmpty ? nil : DocumentNumberMask.masked(number), outcome: .invalid, problems: []
            )
            if row.fields.count > columns.count {
                report.problems.append(ConfirmationProblems.tooManyFields)
            }
            for column in ImportColumns.numberColumns where values[column].map({ SpreadsheetValue.isScientificNotation($0.trimmingCharacters(in: .whitespaces)) }) == true {
                report.problems.append(TabularProblems.scientificNotation(field: column))
            }
            if number.isEmpty {
                report.problems.append(ConfirmationProblems.documentNumberRequired)
            } else if SpreadsheetValue.isScientificNotation(number) {
                report.documentNumber = nil  // not a number worth masking: its digits are gone
            } else if let earlier = seen[number] {
                report.problems.append(ConfirmationProblems.duplicateDocumentNumber(firstOnLine: earlier))
            } else if byNumber[number] == nil {
                report.problems.append(ConfirmationProblems.notStaff)
            } else if byNumber[number] == saver {
                report.problems.append(ConfirmationProblems.ownRecordLine)
            }
            if !number.isEmpty, seen[number] == nil { seen[number] = row.line }
            let (input, problems) = ImportColumns.input(from: values)
            report.problems += problems
            let note = ExamRecordService.noteRule.optional(values[ImportColumns.note], into: &report.problems)
            if report.problems.isEmpty, let account = byNumber[number] {
                report.accountID = account
                ready.append(Candidate(index: reports.count, account: account, input: input, note: note))
            }
            reports.append(report)
        }

        // The whole file in one transaction, with its file-level audit event: the report says exactly
        // what was saved, or (on any 409) nothing was. One import of a unit's year at a time; another
        // one meanwhile is refused rather than queued, so nobody's connection waits behind a file.
        let today = CalendarDate(inChina: records.clock.now())
        let now = records.clock.now()
        let invalidBefore = reports.filter { $0.outcome == .invalid }.count - ready.count
        let outcomes = try await records.database.transaction { connection in
            guard try await connection.tryAdvisoryLock("exam_record_import:\(unit):\(year)") else { throw ConfirmationProblems.importInProgress }
            var outcomes: [(Int, LineReport.Outcome, Int?, [FieldProblem])] = []
            for row in ready {
                outcomes.append(try await save(row, year: year, unit: unit, by: saver, today: today, at: now, origin: origin, on: connection))
            }
            try await connection.record(
                AuditEvent(
                    action: "exam_record.import_file", about: unit,
                    details: ["year": String(year), "lines": String(reports.count), "saved": String(outcomes.filter { $0.1 == .saved }.count),
                              "invalid": String(invalidBefore + outcomes.filter { $0.1 == .invalid }.count)]
                ),
                origin: origin
            )
            return outcomes
        }
        for (index, outcome, version, problems) in outcomes {
            reports[index].outcome = outcome
            reports[index].version = version
            reports[index].problems = problems
        }
        let saved = reports.filter { $0.outcome == .saved }.count
        logger.info("exam records imported", metadata: ["institution_id": "\(unit)", "year": "\(year)", "lines": "\(reports.count)", "saved": "\(saved)"])
        return reports
    }

    /// One row on the batch's transaction: validated against the record as it is now (locked), then
    /// saved, or reported. Nothing is written for a row that fails.
    private func save(
        _ row: Candidate, year: Int, unit: InstitutionID, by saver: AccountID, today: CalendarDate, at now: Date, origin: RequestOrigin,
        on connection: Connection
    ) async throws -> (Int, LineReport.Outcome, Int?, [FieldProblem]) {
        let record = try await ExamRecordStore.find(account: row.account, year: year, lock: true, on: connection)
        let current = try await ExamRecordService.currentContent(of: record, on: connection)
        let input = current.map { row.input.keepingAttachments(of: $0) } ?? row.input
        let content: ExamRecordContent
        do {
            content = try await ExamRecordService.validated(input, owned: [:], record: record, current: current, today: today, on: connection)
        } catch let problem as Problem {
            return (row.index, .invalid, nil, problem.errors)
        }
        if let record, content == current, row.note == nil { return (row.index, .unchanged, record.currentVersion, []) }
        let version = try await ExamRecordService.store(
            content, for: row.account, year: year, unit: unit, over: record, previous: current, note: row.note, source: .import, by: saver,
            at: now, origin: origin, attachments: records.attachments, notifier: records.notifier, on: connection
        )
        return (row.index, .saved, version, [])
    }

    /// The header's columns by path (nil for an informational column such as 姓名): every one known,
    /// by its path or its Chinese header, none twice, the document number present.
    static func columns(_ header: [String]) throws -> [String?] {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var problems: [FieldProblem] = []
        var seen: Set<String> = []
        var columns: [String?] = []
        for (index, name) in names.enumerated() {
            guard let column = ImportColumns.column(named: name) else {
                problems.append(ConfirmationProblems.unknownColumn(at: index, name))
                continue
            }
            if let column, !seen.insert(column).inserted {
                problems.append(ConfirmationProblems.duplicateColumn(at: index, name))
            }
            columns.append(column)
        }
        if !seen.contains(ImportColumns.documentNumber) {
            problems.append(ConfirmationProblems.missingDocumentNumberColumn)
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        return columns
    }
}
