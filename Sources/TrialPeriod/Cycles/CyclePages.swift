import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 考试周期 for platform administrators in the console: every cycle, a new one, and editing one — the
/// declaration window, the units' review deadline, the trial completion deadline, the notice. Through
/// `CycleService` (the same rules and audit as `/api/v1/admin/cycles`). Times are China time.
struct CyclePages: Sendable {
    let cycles: CycleService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    static let base = "/console/platform/cycles"

    init(cycles: CycleService, layout: ConsoleLayout) throws {
        self.cycles = cycles
        self.layout = layout
        templates = try ConsoleTemplates(["cycles": Self.template])
    }

    func register(on console: ConsoleRoutes) {
        let group = console.platformAdmin.group("/cycles")
        group.get("", use: list)
        group.post("", use: create)
        group.get("/:year", use: edit)
        group.post("/:year", use: update)
    }

    struct Row {
        let year: Int
        let window: String
        let review: String
        let trialEnd: String
        let href: String
    }

    struct FormField {
        let name: String
        let label: String
        let type: String
        let value: String
        let fieldError: String?
    }

    static func fields(values: [String: String], errors: [String: String], withYear: Bool) -> [FormField] {
        var definitions: [(String, String, String)] = [
            ("opensAt", "申报开始时间", "datetime-local"), ("closesAt", "申报截止时间", "datetime-local"),
            ("reviewDeadline", "单位审核截止时间", "datetime-local"), ("trialCompletionDeadline", "试用期截止日期", "date"),
            ("requiredTrialMonths", "试用期要求（月）", "number"),
        ]
        if withYear { definitions.insert(("year", "考试年度", "number"), at: 0) }
        return definitions.map { FormField(name: $0.0, label: $0.1, type: $0.2, value: values[$0.0] ?? "", fieldError: errors[$0.0]) }
    }

    func page(
        editing year: Int?, values: [String: String], errors: [String: String], context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let all = try await cycles.all()
        var object: [String: Any] = [
            "rows": all.map { cycle in
                Row(
                    year: cycle.year, window: ConsoleFormat.minute(cycle.opensAt) + " 至 " + ConsoleFormat.minute(cycle.closesAt),
                    review: ConsoleFormat.minute(cycle.reviewDeadline), trialEnd: cycle.trialCompletionDeadline.description,
                    href: Self.base + "/\(cycle.year)"
                )
            },
            "title": year.map { "修改 \($0) 年考试周期" } ?? "新建考试周期", "action": year.map { Self.base + "/\($0)" } ?? Self.base,
            "fields": Self.fields(values: values, errors: errors, withYear: year == nil), "notice": values["noticeText"] ?? "",
            "csrf": context.consoleCSRF ?? "",
        ]
        if let error = errors["noticeText"] { object["noticeError"] = error }
        return layout.page("考试周期", body: templates.render("cycles", object), context: context, status: status)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await page(editing: nil, values: ["requiredTrialMonths": "12"], errors: [:], context: context)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        guard let text = context.parameters.get("year"), let year = Digits.integer(text),
              let cycle = try await cycles.all().first(where: { $0.year == year })
        else { throw Problem.notFound }
        let values = [
            "opensAt": ConsoleFormat.localInput(cycle.opensAt), "closesAt": ConsoleFormat.localInput(cycle.closesAt),
            "reviewDeadline": ConsoleFormat.localInput(cycle.reviewDeadline), "trialCompletionDeadline": cycle.trialCompletionDeadline.description,
            "requiredTrialMonths": String(cycle.requiredTrialMonths), "noticeText": cycle.noticeText,
        ]
        return try await page(editing: year, values: values, errors: [:], context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await save(request, context: context, year: nil)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let text = context.parameters.get("year"), let year = Digits.integer(text), CycleInput.years.contains(year) else { throw Problem.notFound }
        return try await save(request, context: context, year: year)
    }

    /// Reads the form (China time), checks it with the API's rules, creates or replaces the cycle; on a
    /// problem, the form again with each message next to its input.
    private func save(_ request: Request, context: AppRequestContext, year editing: Int?) async throws -> Response {
        let form = try await FormBody.read(request)
        var values: [String: String] = [:]
        for (name, value) in form.fields where name != ConsoleSession.csrfField { values[name] = value }
        var errors: [String: String] = [:]
        func instant(_ name: String) -> Date? {
            guard let date = ConsoleFormat.instant(fromLocalInput: values[name] ?? "") else {
                errors[name] = "请填写日期和时间"
                return nil
            }
            return date
        }
        let year = editing ?? Digits.integer(values["year"] ?? "")
        if year == nil || !CycleInput.years.contains(year ?? 0) { errors["year"] = "请填写考试年度（如 2027）" }
        let opens = instant("opensAt"), closes = instant("closesAt"), review = instant("reviewDeadline")
        var months: Int?
        if let text = values["requiredTrialMonths"], !text.isEmpty {
            if let value = Int(text) { months = value } else { errors["requiredTrialMonths"] = "请填写整数月数" }
        }
        do {
            guard errors.isEmpty, let year, let opens, let closes, let review else {
                throw Problem.validation(errors.map { FieldProblem(field: $0.key, code: "invalid", message: $0.value) })
            }
            let validated = CycleInput.validate(
                year: year, opensAt: opens, closesAt: closes, reviewDeadline: review,
                trialCompletionDeadline: values["trialCompletionDeadline"] ?? "", noticeText: values["noticeText"] ?? "", requiredTrialMonths: months
            )
            switch validated {
            case .success(let input):
                if editing == nil { _ = try await cycles.create(input, origin: context.origin) } else { _ = try await cycles.update(input, origin: context.origin) }
            case .failure(let problem):
                throw problem
            }
        } catch let problem as Problem where problem.status != 404 {
            for item in problem.errors { errors[item.field] = errors[item.field].map { $0 + "；" + item.message } ?? item.message }
            if problem.errors.isEmpty { errors[editing == nil ? "year" : "opensAt"] = problem.title }
            return try await page(editing: editing, values: values, errors: errors, context: context, status: HTTPResponse.Status(code: problem.status))
                .response(from: request, context: context)
        }
        return ConsolePage.redirect(to: Self.base)
    }

    static let template = """
        <h1>考试周期</h1>
        <table class="list">
          <thead><tr><th>年度</th><th>申报时间</th><th>单位审核截止</th><th>试用期截止</th><th></th></tr></thead>
          <tbody>{{#rows}}<tr><td>{{year}}</td><td>{{window}}</td><td>{{review}}</td><td>{{trialEnd}}</td><td><a href="{{href}}">修改</a></td></tr>{{/rows}}</tbody>
        </table>
        <form method="post" action="{{action}}" class="card stacked" id="cycle-form">
          <h2>{{title}}</h2>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#fields}}
          <label for="cycle-{{name}}">{{label}}</label>
          <input id="cycle-{{name}}" name="{{name}}" type="{{type}}" value="{{value}}">
          {{#fieldError}}<span class="field-error" id="cycle-{{name}}-error">{{fieldError}}</span>{{/fieldError}}
          {{/fields}}
          <label for="cycle-noticeText">申报须知</label>
          <textarea id="cycle-noticeText" name="noticeText" rows="6">{{notice}}</textarea>
          {{#noticeError}}<span class="field-error" id="cycle-noticeText-error">{{noticeError}}</span>{{/noticeError}}
          <p><button type="submit" id="save-cycle">保存</button></p>
        </form>
        """
}
