import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Tabular
import Web

/// 机构管理 for platform administrators in the console: search the registry (the same search as the
/// mini-program's), edit an institution or deactivate it, and import a CSV of institutions with a
/// report of its bad lines. Through `InstitutionService`, `UnitService` and `InstitutionImporter`.
struct InstitutionAdminPages: Sendable {
    let institutions: InstitutionService
    let units: UnitService
    let importer: InstitutionImporter
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(institutions: InstitutionService, units: UnitService, importer: InstitutionImporter, layout: ConsoleLayout) throws {
        self.institutions = institutions
        self.units = units
        self.importer = importer
        self.layout = layout
        templates = try ConsoleTemplates(InstitutionAdminTemplates.all)
    }

    func register(on console: ConsoleRoutes) {
        let platform = console.platformAdmin
        platform.get(InstitutionsPaths.consoleInstitutions.route, use: search)
        platform.post(InstitutionsPaths.consoleImport.route, use: importFile)
        platform.get(InstitutionsPaths.consoleImportTemplate.route, use: template)
        platform.get(InstitutionsPaths.consoleInstitution.route, use: edit)
        platform.post(InstitutionsPaths.consoleInstitution.route, use: save)
    }

    /// The search runs once a text is given (`q`), read as `GET /institutions` reads it.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        var found: (search: InstitutionSearchRequest, page: SearchCache.Page)?
        if let text = request.uri.queryParameters["q"], !text.isEmpty {
            let search = try InstitutionSearchRequest(query: request)
            found = (search, try await institutions.search(search.query, limit: search.limit, cursor: search.cursor, by: caller))
        }
        let model = InstitutionSearchPage(text: request.uri.queryParameters["q"].map(String.init) ?? "", found: found?.page, csrf: context.consoleCSRF ?? "")
        return layout.page("机构管理", body: templates.render("search", model), context: context)
    }

    // MARK: Edit

    func editPage(_ id: InstitutionID, values: [String: String], errors: [String: String], context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        let model = InstitutionEditPage(id, values: values, errors: errors, csrf: context.consoleCSRF ?? "")
        return layout.page("修改机构信息", body: templates.render("edit", model), context: context, status: status)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let id = InstitutionID(try context.uuidParameter("id"))
        let institution = try await institutions.institution(id)
        return editPage(id, values: InstitutionEditPage.values(institution), errors: [:], context: context)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = InstitutionID(try context.uuidParameter("id"))
        let form = try await FormBody.read(request)
        var values: [String: String] = [:]
        for (name, value) in form.fields where name != ConsoleSession.csrfField { values[name] = value }
        let input = InstitutionEditRequest(
            name: values["name"] ?? "", uscc: values["uscc"] ?? "", superiorUnit: values["superiorUnit"].flatMap { $0.isEmpty ? nil : $0 },
            category: values["category"] ?? "", region: values["region"] ?? "", address: values["address"] ?? "",
            acceptFailedUsccCheck: values["acceptFailedUsccCheck"] == "true", status: values["status"]
        )
        do {
            _ = try await units.edit(id, input, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            var errors: [String: String] = [:]
            for item in problem.errors { errors[item.field] = errors[item.field].map { $0 + "；" + item.message } ?? item.message }
            if problem.errors.isEmpty { errors[""] = problem.title }
            return try editPage(id, values: values, errors: errors, context: context, status: HTTPResponse.Status(code: problem.status))
                .response(from: request, context: context)
        }
        return ConsolePage.redirect(to: InstitutionsPaths.consoleInstitution.link(id))
    }

    // MARK: Import

    @Sendable func template(_ request: Request, context: AppRequestContext) async throws -> Response {
        CSVDownload.file(filename: "机构导入模板.csv", lines: InstitutionImporter.template)
    }

    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let form = try await MultipartForm.read(request)
        guard let file = form.file("file"), !file.content.isEmpty else { throw InstitutionsProblems.noImportFile }
        let text = try CSVText.decode(Array(file.content)).text
        let report = try await importer.importCSV(text)
        try await institutions.recordImport(
            created: report.created, updated: report.updated, unchanged: report.unchanged, bad: report.bad.count, origin: context.origin
        )
        return layout.page("机构导入结果", body: templates.render("report", InstitutionImportPage(report)), context: context)
    }
}
