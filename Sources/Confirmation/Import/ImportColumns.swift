import Contracts
import Tabular
import Web

/// The columns of the bulk entry CSV (documented in docs/exam-record-import.md): `documentNumber`
/// identifies the candidate; the others are the record's fields by path, with the two qualification
/// certificates as `physicianQualification.*` and `assistantQualification.*`. Codes may be written as
/// codes or as their Chinese labels; yes/no as 是/否, true/false or 1/0. A section whose columns are
/// all empty is absent. Attachments are not imported: the faces already attached stay.
enum ImportColumns {
    static let documentNumber = "documentNumber"
    static let note = "note"

    // Each section's import columns, from the field table.
    static let education = ExamRecordFields.education.importMembers
    static let title = ExamRecordFields.title.importMembers
    static let qualification = ExamRecordFields.qualification.importMembers
    static let practice = ExamRecordFields.practice.importMembers
    static let nurse = ExamRecordFields.nurse.importMembers
    static let trial = ExamRecordFields.trial.importMembers

    /// Every column by path, in the table's order: the document number, each section's members (the
    /// qualification certificate once per level), the note.
    static let all: [String] = [documentNumber]
        + ExamRecordFields.sections.flatMap { section -> [String] in
            let prefixes = section.id == ExamRecordFields.qualification.id ? ExamRecordFields.importQualifications.map(\.prefix) : [section.path]
            return prefixes.flatMap { prefix in section.importMembers.map { "\(prefix).\($0)" } }
        }
        + [note]

    /// Each column's Chinese header, from the table (a header may use these or the paths).
    static let chinese: [String: String] = {
        var names = [documentNumber: "证件号码", note: "备注"]
        for section in ExamRecordFields.sections {
            for member in section.members {
                guard let header = member.header else { continue }
                if section.id == ExamRecordFields.qualification.id {
                    for certificate in ExamRecordFields.importQualifications { names["\(certificate.prefix).\(member.name)"] = certificate.name + header }
                } else {
                    names["\(section.path).\(member.name)"] = header
                }
            }
        }
        return names
    }()

    /// Columns the unit's export writes beside the importable ones, so that an exported file can be
    /// filled in and imported back: read and ignored.
    static let informational: Set<String> = ["年度", "姓名", "状态", "当前版本", "已确认版本", "异议", "year", "name", "status"]

    /// The column a header cell names (its path or its Chinese header), nil for an informational one.
    static func column(named header: String) -> String?? {
        if all.contains(header) { return .some(header) }
        if let path = byChinese[header] { return .some(path) }
        if informational.contains(header) { return .some(nil) }
        return nil
    }

    private static let byChinese = Dictionary(chinese.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

    /// Columns holding long numbers, which Excel may have turned into scientific notation.
    static let numberColumns: [String] = all.filter { $0 == documentNumber || $0.hasSuffix("Number") || $0.hasSuffix(".number") }

    /// The downloadable template: the Chinese header and one example row.
    static let template: String = {
        let example: [String: String] = [
            documentNumber: "420106199003074519", "education.level": "本科", "education.studyForm": "全日制普通高等教育", "education.enrolledOn": "2019/9/1",
            "education.graduatedOn": "2024/6/30", "education.school": "武汉大学", "education.lengthYears": "5",
            "education.diplomaNumber": "104861202405000123", "trial.position": "住院医师", "trial.category": "临床",
            "trial.assistantUpgrade": "否", "trial.freshGraduate": "是", "trial.startDate": "2025/8/1", "trial.endDate": "2026/7/31",
            "trial.supervisorName": "李医生",
        ]
        // Long numbers end with a tab, so Excel keeps them as text (the import trims it).
        return CSVCell.line(all.map { chinese[$0] ?? $0 })
            + CSVCell.line(all.map { column in example[column].map { numberColumns.contains(column) ? $0 + "\t" : $0 } ?? "" })
    }()

    /// One data row by column name; a problem for a value that is not even of the right kind (a
    /// number, a yes/no) is reported by its record path.
    struct Row {
        let values: [String: String]
        var problems: [FieldProblem] = []

        init(values: [String: String]) {
            self.values = values
        }

        func text(_ column: String) -> String? {
            guard let value = values[column]?.trimmingBlanks(), !value.isEmpty else { return nil }
            return value
        }

        /// A date column: as Excel writes dates (`2020/9/1`, `2020年9月1日` …) turned into `YYYY-MM-DD`;
        /// anything else as it is, for the record's validation to refuse.
        func date(_ column: String) -> String? {
            text(column).map { SpreadsheetValue.isoDate($0) ?? $0 }
        }

        func any(_ prefix: String, _ members: [String]) -> Bool {
            members.contains { text("\(prefix).\($0)") != nil }
        }

        mutating func flag(_ column: String, path: String) -> Bool? {
            guard let value = text(column) else { return nil }
            switch value.lowercased() {
            case "是", "true", "1", "yes", "y": return true
            case "否", "false", "0", "no", "n": return false
            default:
                problems.append(ConfirmationProblems.invalidBoolean(field: path))
                return nil
            }
        }

        mutating func integer(_ column: String, path: String) -> Int? {
            guard let value = text(column) else { return nil }
            guard value.count <= 4, let number = Int(value) else {
                problems.append(ConfirmationProblems.invalidNumber(field: path))
                return nil
            }
            return number
        }
    }

    /// The record a row describes (before validation), and the problems of its raw values: each
    /// section of the field table whose columns are not all empty, its values read by their kind.
    static func input(from values: [String: String]) -> (ExamRecordInput, [FieldProblem]) {
        var row = Row(values: values)
        var present: [(section: ExamRecordFields.Section, members: [String: JSONValue])] = []
        for section in ExamRecordFields.sections {
            let prefixes: [(prefix: String, level: ExamLevel?)] = section.id == ExamRecordFields.qualification.id
                ? ExamRecordFields.importQualifications.map { ($0.prefix, $0.level) } : [(section.path, nil)]
            for (prefix, level) in prefixes where row.any(prefix, section.importMembers) {
                var members: [String: JSONValue] = [:]
                if let level { members["level"] = .string(level.rawValue) }
                for member in section.members where member.header != nil {
                    let column = "\(prefix).\(member.name)"
                    let value: JSONValue? = switch member.kind {
                    case .text: row.text(column).map(JSONValue.string)
                    case .date: row.date(column).map(JSONValue.string)
                    case .code(let codes): row.text(column).map { JSONValue.string(codes.code($0) ?? $0) }
                    case .yesNo: row.flag(column, path: column).map(JSONValue.bool)
                    case .number: row.integer(column, path: column).map { JSONValue.integer($0) }
                    }
                    if let value { members[member.name] = value }
                }
                present.append((section, members))
            }
        }
        return (ExamRecordFields.input(present), row.problems)
    }
}

extension ExamRecordInput {
    /// The input with the attachments `content` holds at the same paths, where the input names none
    /// (an import carries no attachments, and must not drop those already attached).
    func keepingAttachments(of content: ExamRecordContent) -> ExamRecordInput {
        var input = self
        let slots = Dictionary(content.attachmentSlots.map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })
        func kept(_ path: String, _ value: String?) -> String? { value ?? slots[path] ?? nil }
        input.education?.certificateAttachmentId = kept("education.certificateAttachmentId", education?.certificateAttachmentId)
        input.title?.frontAttachmentId = kept("title.frontAttachmentId", title?.frontAttachmentId)
        input.title?.backAttachmentId = kept("title.backAttachmentId", title?.backAttachmentId)
        input.practiceCertificate?.frontAttachmentId = kept("practiceCertificate.frontAttachmentId", practiceCertificate?.frontAttachmentId)
        input.practiceCertificate?.backAttachmentId = kept("practiceCertificate.backAttachmentId", practiceCertificate?.backAttachmentId)
        input.nurseCertificate?.frontAttachmentId = kept("nurseCertificate.frontAttachmentId", nurseCertificate?.frontAttachmentId)
        input.nurseCertificate?.backAttachmentId = kept("nurseCertificate.backAttachmentId", nurseCertificate?.backAttachmentId)
        // Qualification certificates are matched by level, not position: an import lists them in its own order.
        let byLevel = Dictionary(content.qualificationCertificates.map { ($0.level.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        input.qualificationCertificates = qualificationCertificates?.map { certificate in
            var certificate = certificate
            if let old = certificate.level.flatMap({ byLevel[$0] }) {
                certificate.frontAttachmentId = certificate.frontAttachmentId ?? old.frontAttachmentId
                certificate.backAttachmentId = certificate.backAttachmentId ?? old.backAttachmentId
            }
            return certificate
        }
        return input
    }
}
