import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 信息确认 in the console: the unit's candidates for a year by status with their open disputes; one
/// candidate's record with the entry form (every section; errors next to their inputs, values kept;
/// the trial section prefilled from the approved declaration), the candidate's dispute, and the version
/// history with a field-by-field comparison. Through `ExamRecordService` and `RecordListService`, like
/// `/api/v1/units/{id}/exam-records…`.
struct RecordPages: Sendable {
    let records: ExamRecordService
    let lists: RecordListService
    let imports: RecordImportService
    let uploader: any AttachmentUploader
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(records: ExamRecordService, lists: RecordListService, imports: RecordImportService, uploader: any AttachmentUploader, layout: ConsoleLayout) throws {
        self.records = records
        self.lists = lists
        self.imports = imports
        self.uploader = uploader
        self.layout = layout
        templates = try ConsoleTemplates([
            "list": Self.listTemplate, "record": Self.recordTemplate, "diff": Self.diffTemplate, "import": Self.importTemplate,
            "report": Self.reportTemplate,
        ])
    }

    func register(on console: ConsoleRoutes) {
        let unit = console.unit("/units/:institutionId/exam-records")
        unit.get("", use: list)
        unit.get("/export", use: export)
        unit.get("/import", use: importForm)
        unit.get("/import/template.csv", use: importTemplate)
        unit.post("/import", use: importFile)
        unit.get("/:year/:accountId", use: show)
        unit.post("/:year/:accountId", use: save)
        unit.get("/:year/:accountId/versions/:version", use: compare)
    }

    func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    func year(_ context: AppRequestContext) throws -> Int {
        guard let text = context.parameters.get("year"), let year = Digits.integer(text), ExamRecordService.years.contains(year) else { throw Problem.notFound }
        return year
    }

    func account(_ context: AppRequestContext) throws -> AccountID {
        guard let text = context.parameters.get("accountId"), let account = AccountID(text) else { throw Problem.notFound }
        return account
    }

    static func base(_ unit: InstitutionID) -> String {
        "/console/units/\(unit.rawValue.uuidString.lowercased())/exam-records"
    }

    // MARK: The list

    struct Row {
        let href: String
        let name: String
        let number: String
        let status: String
        let dispute: String?
    }

    struct Option {
        let code: String
        let label: String
        let selected: Bool
    }

    /// The list's filters from the query: year (this year in China by default), status, a name fragment.
    func filter(_ request: Request) throws -> RecordListService.Filter {
        let parameters = request.uri.queryParameters
        var filter = RecordListService.Filter(year: CalendarDate(inChina: records.clock.now()).year)
        if let text = parameters["year"].map(String.init), !text.isEmpty {
            guard let year = Digits.integer(text), ExamRecordService.years.contains(year) else { throw Problem.validation([ConfirmationProblems.invalidYear]) }
            filter.year = year
        }
        filter.status = parameters["status"].map(String.init).flatMap(ExamRecordStatus.init(rawValue:))
        var problems: [FieldProblem] = []
        filter.nameContaining = ExamRecordRoutes.nameFilter.optional(parameters["q"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }, into: &problems)
        guard problems.isEmpty else { throw Problem.validation(problems) }
        return filter
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let parameters = request.uri.queryParameters
        let filter = try filter(request)
        var cursor: NameCursor?
        if let text = parameters["cursor"].map(String.init) {
            guard let decoded = NameCursor(encoded: text) else { throw PageRequest.invalidCursor }
            cursor = decoded
        }
        let (items, next, counts) = try await lists.list(unit, filter, limit: 20, after: cursor)
        let base = Self.base(unit)
        let rows = items.map { item in
            Row(
                href: "\(base)/\(filter.year)/\(item.candidate.account)", name: item.candidate.realName,
                number: DocumentNumberMask.masked(item.candidate.documentNumber), status: item.status.label,
                dispute: item.listed?.openDispute?.message
            )
        }
        var object: [String: Any] = [
            "year": filter.year, "rows": rows, "empty": rows.isEmpty, "action": base, "q": filter.nameContaining ?? "",
            "counts": ExamRecordStatus.allCases.map { "\($0.label) \(counts[$0] ?? 0)" }.joined(separator: "　"),
            "statuses": [Option(code: "", label: "全部", selected: filter.status == nil)]
                + ExamRecordStatus.allCases.map { Option(code: $0.rawValue, label: $0.label, selected: $0 == filter.status) },
        ]
        if let next {
            var query = "year=\(filter.year)&cursor=\(next)"
            if let status = filter.status { query += "&status=" + status.rawValue }
            if let name = filter.nameContaining { query += "&q=" + ConsoleFormat.queryValue(name) }
            object["next"] = base + "?" + query
        }
        var exportQuery = "year=\(filter.year)"
        if let status = filter.status { exportQuery += "&status=" + status.rawValue }
        if let name = filter.nameContaining { exportQuery += "&q=" + ConsoleFormat.queryValue(name) }
        object["export"] = base + "/export?" + exportQuery
        object["importLink"] = base + "/import?year=\(filter.year)"
        return layout.page("信息确认", body: templates.render("list", object), context: context)
    }

    // MARK: One record

    struct VersionRow {
        let version: Int
        let savedAt: String
        let source: String
        let note: String?
        let href: String?
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let (unit, year, account) = (try unit(context), try year(context), try account(context))
        let view = try await records.view(account, year: year, of: unit)
        var values = try view.current?.content.leaves() ?? [:]
        if view.current == nil, let prefill = try await records.prefill(account, year: year, of: unit),
           let period = prefill.trialInstitutions.last(where: \.current) ?? prefill.trialInstitutions.last {
            // Nothing saved yet: the trial section as the approved declaration states it.
            values["trial.position"] = period.position
            values["trial.category"] = prefill.category.rawValue
            values["trial.assistantUpgrade"] = prefill.assistantUpgrade ? "true" : "false"
            values["trial.freshGraduate"] = prefill.freshGraduate ? "true" : "false"
            values["trial.startDate"] = period.startDate.description
            values["trial.endDate"] = period.endDate?.description
            values["trial.supervisorName"] = period.supervisorName
        }
        return try await page(view, unit: unit, values: values, errors: [:], notice: nil, context: context)
    }

    func page(
        _ view: RecordView, unit: InstitutionID, values: [String: String], errors: [String: String], notice: String?, context: AppRequestContext,
        error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let here = "\(Self.base(unit))/\(view.year)/\(view.candidate.account)"
        let (sections, hidden) = RecordForm.view(values: values, errors: errors)
        var versions: [RecordVersion] = []
        if view.record != nil { versions = try await records.versions(view.candidate.account, year: view.year, of: unit) }
        var object: [String: Any] = [
            "name": view.candidate.realName, "number": view.candidate.documentNumber, "year": view.year, "status": view.status.label,
            "sections": sections, "hidden": hidden, "action": here, "csrf": context.consoleCSRF ?? "", "back": Self.base(unit) + "?year=\(view.year)",
            "versions": versions.reversed().map { version in
                VersionRow(
                    version: version.version, savedAt: ConsoleFormat.minute(version.savedAt), source: version.source == .import ? "导入" : "填报",
                    note: version.note, href: version.version > 1 ? "\(here)/versions/\(version.version)" : nil
                )
            },
            "hasVersions": !versions.isEmpty,
        ]
        // The photos in the record (the unit's) and those the candidate attached, each opened in a tab.
        var photos: [PhotoLink] = []
        for slot in view.current?.content.attachmentSlots ?? [] {
            if let id = slot.value { photos.append(PhotoLink(label: RecordForm.photoLabel(slot.path) + "（单位上传）", href: "/console/attachments/" + id)) }
        }
        for attached in view.candidateAttachments {
            photos.append(PhotoLink(label: RecordForm.photoLabel(attached.path) + "（考生上传）", href: "/console/attachments/\(attached.attachment)"))
        }
        object["photos"] = photos
        object["hasPhotos"] = !photos.isEmpty
        if !view.missingAttachments.isEmpty { object["missing"] = view.missingAttachments.map(RecordForm.photoLabel).joined(separator: "、") }
        if let current = view.record?.currentVersion { object["version"] = current }
        if let dispute = view.disputes.first, dispute.answeredByVersion == nil {
            object["dispute"] = ["message": dispute.message, "fields": dispute.fields.map(RecordForm.label(of:)).joined(separator: "、")]
        }
        if let notice { object["notice"] = notice }
        if let error { object["formError"] = error }
        return layout.page("信息确认 · " + view.candidate.realName, body: templates.render("record", object), context: context, status: status)
    }

    struct PhotoLink {
        let label: String
        let href: String
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let (unit, year, account) = (try unit(context), try year(context), try account(context))
        var local: [FieldProblem] = []
        let form = try await readForm(request, by: caller.accountID, origin: context.origin, problems: &local)
        var slots: [Int] = []
        let input = RecordForm.input(from: form, problems: &local, slots: &slots)
        let version = form["version"].flatMap(Int.init)
        do {
            // A photo that could not be stored: nothing is saved, the form comes back with the reason.
            if local.contains(where: { RecordForm.isAttachment($0.field) }) { throw Problem.validation([]) }
            // A length that is no number goes in as absent, and 学制 is required, so the service refuses
            // the save and reports every other problem too; its own word for that field is replaced below.
            _ = try await records.save(account, year: year, of: unit, input, version: version, note: form["note"], by: caller.accountID, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            // Shown again as entered, each problem next to its input.
            let view = try await records.view(account, year: year, of: unit)
            var values: [String: String] = [:]
            for (name, value) in form.fields where name != ConsoleSession.csrfField { values[name] = value }
            var errors: [String: String] = [:]
            for item in local { errors[item.field] = item.message }
            let unread = Set(local.map(\.field))
            for item in problem.errors where !unread.contains(item.field) {
                let path = RecordForm.formPath(item.field, slots: slots)
                errors[path] = errors[path].map { $0 + "；" + item.message } ?? item.message
            }
            let message = errors.isEmpty ? problem.title : "有 \(errors.count) 处需要修改，见各项下方的提示"
            // Photos just stored stay in the form (hidden), so they need not be chosen again.
            return try await page(
                view, unit: unit, values: values, errors: errors, notice: nil, context: context, error: message,
                status: HTTPResponse.Status(code: problem.status)
            ).response(from: request, context: context)
        }
        return ConsolePage.redirect(to: "\(Self.base(unit))/\(year)/\(account)")
    }

    /// The entry form's fields; a file chosen for a photo slot is stored first (the API's checks and
    /// limits, owned by the administrator) and its id takes the slot's place.
    private func readForm(_ request: Request, by saver: AccountID, origin: RequestOrigin, problems: inout [FieldProblem]) async throws -> FormBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else { return try await FormBody.read(request) }
        let multipart = try await MultipartForm.read(request)
        var fields: [(name: String, value: String)] = multipart.parts.filter { $0.filename == nil }.compactMap { part in
            String(validating: part.content, as: UTF8.self).map { (part.name, $0) }
        }
        for part in multipart.parts where part.filename != nil && !part.content.isEmpty {
            guard let purpose = RecordForm.purpose(of: part.name) else { continue }
            guard let type = RecordForm.sniff(part.content) else {
                problems.append(ConfirmationProblems.unsupportedPhoto(field: part.name))
                continue
            }
            do {
                let id = try await uploader.upload(part.content, declaredType: type, purpose: purpose, owner: saver, origin: origin)
                fields.removeAll { $0.name == part.name }
                fields.append((part.name, id.description))
            } catch let problem as Problem {
                problems.append(ConfirmationProblems.refusedPhoto(field: part.name, problem))
            }
        }
        return FormBody(fields: fields)
    }
}
