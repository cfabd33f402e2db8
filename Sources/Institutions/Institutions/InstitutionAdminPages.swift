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

    static let base = "/console/platform/institutions"

    init(institutions: InstitutionService, units: UnitService, importer: InstitutionImporter, layout: ConsoleLayout) throws {
        self.institutions = institutions
        self.units = units
        self.importer = importer
        self.layout = layout
        templates = try ConsoleTemplates(["search": Self.searchTemplate, "edit": Self.editTemplate, "report": Self.reportTemplate])
    }

    func register(on console: ConsoleRoutes) {
        let group = console.platformAdmin.group("/institutions")
        group.get("", use: search)
        group.post("/import", use: importFile)
        group.get("/import/template.csv", use: template)
        group.get("/:id", use: edit)
        group.post("/:id", use: save)
    }

    // MARK: Search

    struct Row {
        let name: String
        let uscc: String
        let category: String
        let region: String
        let href: String
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let text = request.uri.queryParameters["q"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        var object: [String: Any] = ["q": text ?? "", "csrf": context.consoleCSRF ?? ""]
        if let text {
            let query = try InstitutionRules.query(text: text, region: nil, category: nil)
            var cursor: SearchCursor?
            if let raw = request.uri.queryParameters["cursor"].map(String.init) {
                guard let decoded = SearchCursorCodec.decode(raw) else { throw PageRequest.invalidCursor }
                cursor = decoded
            }
            let found = try await institutions.search(query, limit: 20, cursor: cursor, by: caller)
            object["searched"] = true
            object["rows"] = found.items.map {
                Row(name: $0.name, uscc: $0.uscc, category: $0.category.label, region: $0.region.label, href: Self.base + "/\($0.id)")
            }
            object["empty"] = found.items.isEmpty
            if let next = found.next {
                object["next"] = Self.base + "?q=" + ConsoleFormat.queryValue(text) + "&cursor=" + SearchCursorCodec.encode(next)
            }
        }
        return layout.page("机构管理", body: templates.render("search", object), context: context)
    }

    // MARK: Edit

    struct Option {
        let code: String
        let label: String
        let selected: Bool
    }

    struct Field {
        let name: String
        let label: String
        let value: String
        let fieldError: String?
    }

    func editPage(_ id: InstitutionID, values: [String: String], errors: [String: String], context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        var object: [String: Any] = [
            "action": Self.base + "/\(id)", "csrf": context.consoleCSRF ?? "", "back": Self.base,
            "fields": [("name", "单位名称"), ("uscc", "统一社会信用代码"), ("superiorUnit", "主管单位"), ("address", "地址")].map {
                Field(name: $0.0, label: $0.1, value: values[$0.0] ?? "", fieldError: errors[$0.0])
            },
            "categories": InstitutionCategory.allCases.map { Option(code: $0.rawValue, label: $0.label, selected: $0.rawValue == values["category"]) },
            "regions": HubeiRegion.allCases.map { Option(code: $0.rawValue, label: $0.label, selected: $0.rawValue == values["region"]) },
            "statuses": [("active", "正常"), ("inactive", "停用（人员保持绑定，不能新绑定，不出现在搜索中）")].map {
                Option(code: $0.0, label: $0.1, selected: $0.0 == values["status"])
            },
        ]
        for key in ["category", "region", "status", "acceptFailedUsccCheck"] {
            if let error = errors[key] { object[key + "Error"] = error }
        }
        if let error = errors[""] { object["formError"] = error }
        return layout.page("修改机构信息", body: templates.render("edit", object), context: context, status: status)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let id = InstitutionID(try context.uuidParameter("id"))
        let institution = try await institutions.institution(id)
        let values = [
            "name": institution.name, "uscc": institution.uscc, "superiorUnit": institution.superiorUnit ?? "", "address": institution.address,
            "category": institution.category.rawValue, "region": institution.region.rawValue, "status": institution.status.rawValue,
        ]
        return editPage(id, values: values, errors: [:], context: context)
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
        return ConsolePage.redirect(to: Self.base + "/\(id)")
    }

    // MARK: Import

    struct BadLine {
        let line: Int
        let reason: String
    }

    @Sendable func template(_ request: Request, context: AppRequestContext) async throws -> Response {
        CSVDownload.file(filename: "机构导入模板.csv", lines: InstitutionImporter.template)
    }

    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let form = try await MultipartForm.read(request)
        guard let file = form.file("file"), !file.content.isEmpty else {
            throw Problem.validation([FieldProblem(field: "file", code: "invalid_file", message: "请选择要导入的 CSV 文件")])
        }
        let text = try CSVText.decode(Array(file.content)).text
        let report = try await importer.importCSV(text)
        try await institutions.recordImport(
            created: report.created, updated: report.updated, unchanged: report.unchanged, bad: report.bad.count, origin: context.origin
        )
        let object: [String: Any] = [
            "created": report.created, "updated": report.updated, "unchanged": report.unchanged, "badCount": report.bad.count,
            "bad": report.bad.map { BadLine(line: $0.line, reason: $0.reason) }, "back": Self.base,
        ]
        return layout.page("机构导入结果", body: templates.render("report", object), context: context)
    }

    // MARK: Templates

    static let searchTemplate = """
        <h1>机构管理</h1>
        <form method="get" action="/console/platform/institutions" class="filters card">
          <label>名称或统一社会信用代码 <input name="q" value="{{q}}" maxlength="60" required></label>
          <button type="submit">搜索</button>
        </form>
        {{#searched}}
        {{#empty}}<p class="muted">没有找到机构。</p>{{/empty}}
        {{^empty}}
        <table class="list"><thead><tr><th>单位名称</th><th>机构编码</th><th>机构类别</th><th>地区</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{uscc}}</td><td>{{category}}</td><td>{{region}}</td></tr>{{/rows}}</tbody></table>
        {{/empty}}
        {{#next}}<p><a class="button secondary" href="{{next}}" id="next-page">下一页</a></p>{{/next}}
        {{/searched}}
        <section>
          <h2>导入机构（CSV）</h2>
          <p class="muted">每行：单位名称,统一社会信用代码,主管单位,机构类别,地区,地址（首行可为表头；UTF-8 或 GBK 编码）。按统一社会信用代码更新已有机构，不会重复创建。<a href="/console/platform/institutions/import/template.csv" id="institutions-template">下载导入模板</a></p>
          <form method="post" action="/console/platform/institutions/import" enctype="multipart/form-data" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input id="institutions-file" name="file" type="file" accept=".csv,text/csv" required>
            <p><button type="submit" id="import-institutions">导入</button></p>
          </form>
        </section>
        """

    static let editTemplate = """
        <p><a href="{{back}}">← 机构管理</a></p>
        <h1>修改机构信息</h1>
        {{#formError}}<p class="error" id="form-error">{{formError}}</p>{{/formError}}
        <form method="post" action="{{action}}" class="card stacked">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#fields}}
          <label for="institution-{{name}}">{{label}}</label>
          <input id="institution-{{name}}" name="{{name}}" value="{{value}}">
          {{#fieldError}}<span class="field-error" id="institution-{{name}}-error">{{fieldError}}</span>{{/fieldError}}
          {{/fields}}
          <label for="institution-category">机构类别</label>
          <select id="institution-category" name="category">{{#categories}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}} {{label}}</option>{{/categories}}</select>
          {{#categoryError}}<span class="field-error">{{categoryError}}</span>{{/categoryError}}
          <label for="institution-region">地区</label>
          <select id="institution-region" name="region">{{#regions}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/regions}}</select>
          {{#regionError}}<span class="field-error">{{regionError}}</span>{{/regionError}}
          <label for="institution-status">状态</label>
          <select id="institution-status" name="status">{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
          <p><label><input type="checkbox" name="acceptFailedUsccCheck" value="true"> 已核实：接受校验位不符的统一社会信用代码</label></p>
          <p><button type="submit" id="save-institution">保存</button></p>
        </form>
        """

    static let reportTemplate = """
        <p><a href="{{back}}">← 机构管理</a></p>
        <h1>机构导入结果</h1>
        <p id="import-summary">新建 {{created}} 个，更新 {{updated}} 个，无变化 {{unchanged}} 个，有错误 {{badCount}} 行。</p>
        {{#bad}}<p class="error">第 {{line}} 行：{{reason}}</p>{{/bad}}
        """
}
