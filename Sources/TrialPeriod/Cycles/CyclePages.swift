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

    init(cycles: CycleService, layout: ConsoleLayout) throws {
        self.cycles = cycles
        self.layout = layout
        templates = try ConsoleTemplates(["cycles": Self.template])
    }

    func register(on console: ConsoleRoutes) {
        let group = console.platformAdmin
        group.get(CyclePaths.console.route, use: list)
        group.post(CyclePaths.console.route, use: create)
        group.get(CyclePaths.consoleOne.route, use: edit)
        group.post(CyclePaths.consoleOne.route, use: update)
    }

    func page(
        editing year: Int?, values: [String: String], errors: [String: String], context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let model = CyclesPage(cycles: try await cycles.all(), editing: year, values: values, errors: errors, csrf: context.consoleCSRF ?? "")
        return layout.page("考试周期", body: templates.render("cycles", model), context: context, status: status)
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
            "eligibility": Self.json(EligibilityResponse(cycle.eligibility)),
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
        var eligibility: EligibilityBody?
        if let text = values["eligibility"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do { eligibility = try JSONCoding.decoder.decode(EligibilityBody.self, from: Data(text.utf8)) } catch {
                errors["eligibility"] = "报考条件表须为参考数据（reference）中 eligibility.table 形式的 JSON"
            }
        }
        do {
            guard errors.isEmpty, let year, let opens, let closes, let review else {
                throw TrialPeriodProblems.invalidForm(errors)
            }
            let validated = CycleInput.validate(
                year: year, opensAt: opens, closesAt: closes, reviewDeadline: review,
                trialCompletionDeadline: values["trialCompletionDeadline"] ?? "", noticeText: values["noticeText"] ?? "", requiredTrialMonths: months,
                eligibility: eligibility
            )
            switch validated {
            case .success(let input):
                if editing == nil { _ = try await cycles.create(input, origin: context.origin) } else { _ = try await cycles.update(input, origin: context.origin) }
            case .failure(let problem):
                throw problem
            }
        } catch let problem as Problem where problem.status != 404 {
            for item in problem.errors {
                // The table's problems go under its textarea, each with its path in the table.
                let (field, message) = item.field.hasPrefix("eligibility.")
                    ? ("eligibility", "\(item.field.dropFirst("eligibility.".count))：\(item.message)") : (item.field, item.message)
                errors[field] = errors[field].map { $0 + "；" + message } ?? message
            }
            if problem.errors.isEmpty { errors[editing == nil ? "year" : "opensAt"] = problem.title }
            return try await page(editing: editing, values: values, errors: errors, context: context, status: HTTPResponse.Status(code: problem.status))
                .response(from: request, context: context)
        }
        return ConsolePage.redirect(to: CyclePaths.console.link())
    }

    /// The table as the form shows it: indented, keys sorted.
    static func json(_ table: EligibilityResponse) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(table)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
