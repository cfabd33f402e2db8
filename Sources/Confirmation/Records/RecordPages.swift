import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 信息确认 in the console: the unit's candidates for a year by status with their open disputes; one
/// candidate's record with the entry form (every section; errors next to their inputs, values kept;
/// the trial section prefilled from the approved declaration), the candidate's dispute, and the version
/// history with a field-by-field comparison; the exam year's counts on the unit's home page. Through
/// `ExamRecordService` and `RecordListService`, like `/api/v1/units/{id}/exam-records…`.
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
        templates = try ConsoleTemplates(RecordTemplates.all)
    }

    func register(on console: ConsoleRoutes) {
        let unit = console.unit("")
        unit.get(ConfirmationPaths.consoleList.route, use: list)
        unit.get(ConfirmationPaths.consoleExport.route, use: export)
        unit.get(ConfirmationPaths.consoleImport.route, use: importForm)
        unit.get(ConfirmationPaths.consoleImportTemplate.route, use: importTemplate)
        unit.post(ConfirmationPaths.consoleImport.route, use: importFile)
        unit.get(ConfirmationPaths.consoleRecord.route, use: show)
        unit.post(ConfirmationPaths.consoleRecord.route, use: save)
        unit.get(ConfirmationPaths.consoleVersion.route, use: compare)
        console.dashboard.add(self)
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

    /// The list's filters as the console sends them: the exam year (`ExamYears`) unless one is chosen,
    /// an empty input or an unknown status meaning "all" (the API refuses those).
    func filter(_ request: Request) async throws -> RecordListService.Filter {
        try RecordListService.Filter(query: request, year: try await records.examYears.currentExamYear(), blankMeansAll: true)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let filter = try await filter(request)
        let cursor = try RecordListService.cursor(in: request)
        let (items, next, counts) = try await lists.list(unit, filter, limit: 20, after: cursor)
        let page = RecordListPage(unit: unit, filter: filter, items: items, next: next, counts: counts)
        return layout.page("信息确认", body: templates.render("list", page), context: context)
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
        return try await page(view, unit: unit, values: values, errors: [:], context: context)
    }

    func page(
        _ view: RecordView, unit: InstitutionID, values: [String: String], errors: [String: String], context: AppRequestContext,
        error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let versions = view.record == nil ? [] : try await records.versions(view.candidate.account, year: view.year, of: unit)
        let model = RecordPage(
            view, unit: unit, versions: versions, values: values, errors: errors, csrf: context.consoleCSRF ?? "", notice: nil, formError: error
        )
        return layout.page("信息确认 · " + view.candidate.realName, body: templates.render("record", model), context: context, status: status)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let (unit, year, account) = (try unit(context), try year(context), try account(context))
        var local: [FieldProblem] = []
        let form = try await readForm(request, by: caller.accountID, origin: context.origin, problems: &local)
        var slots: [Int] = []
        let input = Self.input(from: form, problems: &local, slots: &slots)
        let version = form["version"].flatMap(Int.init)
        do {
            // A photo that could not be stored: nothing is saved, the form comes back with the reason.
            if local.contains(where: { ExamRecordFields.isAttachment($0.field) }) { throw Problem.validation([]) }
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
                let path = Self.formPath(item.field, slots: slots)
                errors[path] = errors[path].map { $0 + "；" + item.message } ?? item.message
            }
            let message = errors.isEmpty ? problem.title : "有 \(errors.count) 处需要修改，见各项下方的提示"
            // Photos just stored stay in the form (hidden), so they need not be chosen again.
            return try await page(
                view, unit: unit, values: values, errors: errors, context: context, error: message, status: HTTPResponse.Status(code: problem.status)
            ).response(from: request, context: context)
        }
        return ConsolePage.redirect(to: ConfirmationPaths.consoleRecord.link(unit, year, account))
    }

    @Sendable func compare(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let (unit, year, account) = (try unit(context), try year(context), try account(context))
        guard let text = context.parameters.get("version"), let number = Digits.integer(text), number >= 1 else { throw Problem.notFound }
        let other = request.uri.queryParameters["compareTo"].map(String.init).flatMap(Int.init)
        let (version, base, changes) = try await records.version(account, year: year, of: unit, number: number, comparedTo: other)
        let model = RecordDiffPage(
            version: version.version, base: base?.version ?? 0, back: ConfirmationPaths.consoleRecord.link(unit, year, account),
            changes: changes.map { RecordDiffPage.Change(field: ExamRecordFields.label(of: $0.field), from: $0.from ?? "", to: $0.to ?? "") },
            none: changes.isEmpty
        )
        return layout.page("版本比较", body: templates.render("diff", model), context: context)
    }
}

/// The unit's home page: the exam year's information (信息确认) by status, open disputes included.
extension RecordPages: UnitDashboardPanel {
    func panel(for unit: InstitutionID, context: AppRequestContext) async throws -> String {
        // The exam year the candidates' /me shows.
        let year = try await records.examYears.currentExamYear()
        let counts = try await lists.list(unit, RecordListService.Filter(year: year), limit: 1, after: nil).counts
        return templates.render("panel", RecordPanel(unit: unit, year: year, counts: counts))
    }
}
