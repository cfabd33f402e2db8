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
