import Console
import Contracts
import Foundation
import Web

// What the 信息确认 templates render (`RecordTemplates`), built from the services' results. Stored
// properties only: templates read them through reflection.

/// The unit's candidates for a year: counts by status, the filters, the list and its next page.
struct RecordListPage: Sendable {
    let year: Int
    let q: String
    let action: String
    let statuses: [ConsoleOption]
    let list: ConsoleList<Row>
    let export: String
    let importLink: String

    struct Row: Encodable, Sendable {
        let href: String
        let name: String
        let number: String
        let status: String
        let dispute: String?
    }

    init(unit: InstitutionID, filter: RecordListService.Filter, items: [RecordListService.Item], next: String?, counts: [ExamRecordStatus: Int]) {
        year = filter.year
        q = filter.nameContaining ?? ""
        action = ConfirmationPaths.consoleList.link(unit)
        statuses = [ConsoleOption(code: "", label: "全部", selected: filter.status == nil)]
            + ConsoleOption.all(ExamRecordStatus.self, selected: filter.status, label: \.label)
        let rows = items.map { item in
            Row(
                href: ConfirmationPaths.consoleRecord.link(unit, filter.year, item.candidate.account), name: item.candidate.realName,
                number: DocumentNumberMask.masked(item.candidate.documentNumber), status: item.status.label,
                dispute: item.listed?.openDispute?.message
            )
        }
        let filters = filter.query
        list = ConsoleList(
            Page(items: rows, nextCursor: next), filters: filters, link: { ConfirmationPaths.consoleList.link(unit, query: $0) },
            emptyText: "没有符合条件的人员。",
            counts: ExamRecordStatus.allCases.map { status in
                ConsoleList<Row>.Count(
                    label: status.label, count: counts[status] ?? 0,
                    href: ConfirmationPaths.consoleList.link(unit, query: filters.setting("status", status.rawValue)), current: status == filter.status
                )
            },
            row: { $0 }
        )
        export = ConfirmationPaths.consoleExport.link(unit, query: filters)
        importLink = ConfirmationPaths.consoleImport.link(unit, query: QueryString().adding("year", String(filter.year)))
    }
}

/// This year's exam information by status on the unit's home page.
struct RecordPanel: Sendable {
    let year: Int
    let list: String
    let counts: [ConsoleList<Never>.Count]

    init(unit: InstitutionID, year: Int, counts: [ExamRecordStatus: Int]) {
        self.year = year
        let filters = QueryString().adding("year", String(year))
        list = ConfirmationPaths.consoleList.link(unit, query: filters)
        self.counts = ExamRecordStatus.allCases.map {
            ConsoleList<Never>.Count(label: $0.label, count: counts[$0] ?? 0, href: ConfirmationPaths.consoleList.link(unit, query: filters.adding("status", $0.rawValue)))
        }
    }
}

/// One candidate's record: the entry form with its values and errors, photos, dispute and versions.
struct RecordPage: Sendable {
    let name: String
    let number: String
    let year: Int
    let status: String
    let sections: [RecordFormView.Section]
    let hidden: [RecordFormView.Hidden]
    let action: String
    let csrf: String
    let back: String
    let versions: [VersionRow]
    let hasVersions: Bool
    let photos: [PhotoLink]
    let hasPhotos: Bool
    let missing: String?
    let version: Int?
    let dispute: OpenDispute?
    let notice: String?
    let formError: String?

    struct VersionRow: Encodable, Sendable {
        let version: Int
        let savedAt: String
        let source: String
        let note: String?
        let href: String?
    }

    struct PhotoLink: Encodable, Sendable {
        let label: String
        let href: String
    }

    struct OpenDispute: Encodable, Sendable {
        let message: String
        let fields: String
    }

    init(
        _ view: RecordView, unit: InstitutionID, versions: [RecordVersion], values: [String: String], errors: [String: String],
        csrf: String, notice: String?, formError: String?
    ) {
        let here = ConfirmationPaths.consoleRecord.link(unit, view.year, view.candidate.account)
        name = view.candidate.realName
        number = view.candidate.documentNumber
        year = view.year
        status = view.status.label
        (sections, hidden) = RecordFormView.build(values: values, errors: errors)
        action = here
        self.csrf = csrf
        back = ConfirmationPaths.consoleList.link(unit, query: QueryString().adding("year", String(view.year)))
        self.versions = versions.reversed().map { version in
            VersionRow(
                version: version.version, savedAt: ConsoleFormat.minute(version.savedAt), source: version.source == .import ? "导入" : "填报",
                note: version.note,
                href: version.version > 1 ? ConfirmationPaths.consoleVersion.link(unit, view.year, view.candidate.account, version.version) : nil
            )
        }
        hasVersions = !versions.isEmpty
        // The photos in the record (the unit's) and those the candidate attached, each opened in a tab.
        var photos: [PhotoLink] = []
        for slot in view.current?.content.attachmentSlots ?? [] {
            if let id = slot.value { photos.append(PhotoLink(label: ExamRecordFields.photoLabel(slot.path) + "（单位上传）", href: ConfirmationPaths.attachment.link(id))) }
        }
        for attached in view.candidateAttachments {
            photos.append(PhotoLink(label: ExamRecordFields.photoLabel(attached.path) + "（考生上传）", href: ConfirmationPaths.attachment.link(attached.attachment)))
        }
        self.photos = photos
        hasPhotos = !photos.isEmpty
        missing = view.missingAttachments.isEmpty ? nil : view.missingAttachments.map(ExamRecordFields.photoLabel).joined(separator: "、")
        version = view.record?.currentVersion
        dispute = view.disputes.first.flatMap { dispute in
            dispute.answeredByVersion == nil
                ? OpenDispute(message: dispute.message, fields: dispute.fields.map(ExamRecordFields.label(of:)).joined(separator: "、")) : nil
        }
        self.notice = notice
        self.formError = formError
    }
}

/// The entry form's sections as inputs, from the field table (`ExamRecordFields`).
enum RecordFormView {
    struct Field: Encodable, Sendable {
        let id: String
        let name: String
        let label: String
        let value: String
        let inputType: String
        let isInput: Bool
        let options: [Option]
        /// Not `error`: Mustache would find the page's own `error` for a field that has none.
        let fieldError: String?
    }

    struct Option: Encodable, Sendable {
        let code: String
        let label: String
        let selected: Bool
    }

    struct Section: Encodable, Sendable {
        let id: String
        let title: String
        let optional: Bool
        let fields: [Field]
        let photos: [Photo]
    }

    struct Photo: Encodable, Sendable {
        let id: String
        let name: String
        let label: String
        /// The file now in the slot, if any.
        let current: String?
        let fieldError: String?
    }

    struct Hidden: Encodable, Sendable {
        let name: String
        let value: String
    }

    /// `qualificationCertificates[0].number` → `qualificationCertificates-0-number`.
    static func inputID(_ path: String) -> String {
        path.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "")
    }

    /// The sections with `values` by path and `errors` by path.
    static func build(values: [String: String], errors: [String: String]) -> (sections: [Section], hidden: [Hidden]) {
        let rendered = ExamRecordFields.formSections.map { section in
            Section(id: section.id, title: section.title, optional: section.optional, fields: section.fields.map { field in
                let value = values[field.name] ?? ""
                let id = inputID(field.name)
                switch field.kind {
                case .code(let codes):
                    return Field(
                        id: id, name: field.name, label: field.label, value: value, inputType: "", isInput: false,
                        options: codes.choices.map { Option(code: $0.code, label: $0.label, selected: $0.code == value) }, fieldError: errors[field.name]
                    )
                case .yesNo:
                    return Field(
                        id: id, name: field.name, label: field.label, value: value, inputType: "", isInput: false,
                        options: [Option(code: "true", label: "是", selected: value == "true"), Option(code: "false", label: "否", selected: value == "false")],
                        fieldError: errors[field.name]
                    )
                case .text, .date, .number:
                    let type = if case .date = field.kind { "date" } else if case .number = field.kind { "number" } else { "text" }
                    return Field(id: id, name: field.name, label: field.label, value: value, inputType: type, isInput: true, options: [], fieldError: errors[field.name])
                }
            }, photos: section.photos.map { slot in
                let current = values[slot.path].flatMap { $0.isEmpty ? nil : ConfirmationPaths.attachment.link($0) }
                return Photo(id: inputID(slot.path), name: slot.path, label: slot.label, current: current, fieldError: errors[slot.path])
            })
        }
        let hidden = values.filter { ExamRecordFields.isAttachment($0.key) && !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { Hidden(name: $0.key, value: $0.value) }
        return (rendered, hidden)
    }
}

/// Two versions of a record, field by field.
struct RecordDiffPage: Encodable, Sendable {
    let version: Int
    let base: Int
    let back: String
    let changes: [Change]
    let none: Bool

    struct Change: Encodable, Sendable {
        let field: String
        let from: String
        let to: String
    }
}

/// The import form.
struct RecordImportPage: Encodable, Sendable {
    let year: Int
    let action: String
    let csrf: String
    let back: String
    let columns: String
    let limit: Int
    let template: String
    let formError: String?
}

/// What an import did, line by line.
struct RecordImportReportPage: Encodable, Sendable {
    let year: Int
    let back: String
    let again: String
    let saved: Int
    let unchanged: Int
    let invalid: Int
    let lines: [Line]

    struct Line: Encodable, Sendable {
        let line: Int
        let number: String
        let outcome: String
        let problems: String
        let invalid: Bool
    }
}
