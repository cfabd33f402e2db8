import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 试用期审核 in the console: the unit's list with filters and pages, a declaration with every field,
/// its attachments and progress, and the unit's actions — through `ReviewService`, like the JSON routes,
/// so the checks, transitions and audit events are the same.
struct ReviewPages: Sendable {
    let reviews: ReviewService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(reviews: ReviewService, layout: ConsoleLayout) throws {
        self.reviews = reviews
        self.layout = layout
        templates = try ConsoleTemplates(["list": Self.listTemplate, "detail": Self.detailTemplate])
    }

    func register(on console: ConsoleRoutes) {
        let unit = console.unit("/units/:institutionId/trial-applications")
        unit.get("", use: list)
        unit.get("/export", use: export)
        unit.get("/:appId", use: show)
        unit.post("/:appId/approve", use: approve)
        unit.post("/:appId/return", use: returnToCandidate)
        unit.post("/:appId/allow-modification", use: allowModification)
        unit.post("/:appId/trial-institutions/:index/confirm", use: confirm)
    }

    private func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    private func base(_ unit: InstitutionID) -> String {
        "/console/units/\(unit.rawValue.uuidString.lowercased())/trial-applications"
    }

    // MARK: The list

    struct Option {
        let code: String
        let label: String
        let selected: Bool
    }

    struct Row {
        let href: String
        let name: String
        let level: String
        let category: String
        let status: String
        let submittedAt: String
    }

    struct CountLink {
        let label: String
        let count: Int
        let href: String
    }

    /// The list's filters from the query: status (the console's default is what waits for the unit;
    /// `all` for every status), level, category, a name fragment.
    static func filter(_ request: Request) throws -> DeclarationStore.UnitFilter {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        var filter = DeclarationStore.UnitFilter()
        var problems: [FieldProblem] = []
        filter.status = ApplicationStatus(rawValue: value("status") ?? ApplicationStatus.submitted.rawValue)
        if value("status") == "all" { filter.status = nil }
        filter.level = value("level").flatMap(ExamLevel.init(rawValue:))
        filter.category = value("category").flatMap(ExamCategory.init(rawValue:))
        filter.nameContaining = ReviewRoutes.nameFilter.optional(value("q"), into: &problems)
        guard problems.isEmpty else { throw Problem.validation(problems) }
        return filter
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let filter = try Self.filter(request)
        var page = PageRequest(limit: 20)
        if let text = request.uri.queryParameters["cursor"].map(String.init), !text.isEmpty {
            guard let cursor = KeysetCursor(encoded: text) else { throw PageRequest.invalidCursor }
            page = PageRequest(limit: 20, cursor: cursor)
        }
        let (items, counts) = try await reviews.list(unit, filter, page: page)

        let statusCode = filter.status?.rawValue ?? "all"
        var query: [(String, String)] = [("status", statusCode)]
        if let level = filter.level { query.append(("level", level.rawValue)) }
        if let category = filter.category { query.append(("category", category.rawValue)) }
        if let name = filter.nameContaining { query.append(("q", name)) }
        let rows = items.items.map { item in
            Row(
                href: base(unit) + "/" + item.id, name: item.applicantName,
                level: ExamLevel(rawValue: item.level)?.label ?? item.level, category: ExamCategory(rawValue: item.category)?.label ?? item.category,
                status: ApplicationStatus(rawValue: item.status)?.label ?? item.status,
                submittedAt: item.submittedAt.map(Self.minute) ?? ""
            )
        }
        let reviewable = ApplicationStatus.allCases.filter { $0 != .draft }
        var object: [String: Any] = [
            "unitName": try await reviews.unitName(unit), "action": base(unit), "rows": rows, "empty": rows.isEmpty,
            "counts": reviewable.map { CountLink(label: $0.label, count: counts[$0] ?? 0, href: base(unit) + "?status=" + $0.rawValue) },
            "statuses": [Option(code: "all", label: "全部", selected: filter.status == nil)]
                + reviewable.map { Option(code: $0.rawValue, label: $0.label, selected: $0 == filter.status) },
            "levels": ExamLevel.allCases.map { Option(code: $0.rawValue, label: $0.label, selected: $0 == filter.level) },
            "categories": ExamCategory.allCases.map { Option(code: $0.rawValue, label: $0.label, selected: $0 == filter.category) },
            "q": filter.nameContaining ?? "",
        ]
        if let cursor = items.nextCursor { object["next"] = base(unit) + "?" + Self.encode(query + [("cursor", cursor)]) }
        object["export"] = base(unit) + "/export?" + Self.encode(query)
        return layout.page("试用期审核", body: templates.render("list", object), context: context)
    }

    // MARK: Export

    /// The list as filtered, every page of it, as CSV for Excel.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        let filter = try Self.filter(request)
        try await reviews.recordExport(of: unit, filter: filter, origin: context.origin)
        let reviews = self.reviews
        return CSVDownload.response(
            filename: "试用期申报.csv", header: ["申报年度", "姓名", "考试级别", "考试类别", "中医类别", "状态", "提交时间", "审核通过时间"]
        ) { after in
            let cursor = try after.map { text in
                guard let cursor = KeysetCursor(encoded: text) else { throw PageRequest.invalidCursor }
                return cursor
            }
            let (page, _) = try await reviews.list(unit, filter, page: PageRequest(limit: 100, cursor: cursor))
            let rows = page.items.map { item in
                [
                    String(item.cycle), item.applicantName, ExamLevel(rawValue: item.level)?.label ?? item.level,
                    ExamCategory(rawValue: item.category)?.label ?? item.category, item.tcmSubtype.flatMap(TCMSubtype.init(rawValue:))?.label ?? "",
                    ApplicationStatus(rawValue: item.status)?.label ?? item.status, item.submittedAt.map(ConsoleFormat.minute) ?? "",
                    item.approvedAt.map(ConsoleFormat.minute) ?? "",
                ]
            }
            return (rows, page.nextCursor)
        }
    }

    // MARK: One declaration

    struct Field {
        let label: String
        let value: String
    }

    struct Entry {
        let index: Int
        let name: String
        let department: String
        let position: String
        let period: String
        let supervisor: String
        let kind: String
        let confirmation: String
        let confirmable: Bool
        let action: String
    }

    struct AttachmentLink {
        let label: String
        let href: String
        let isImage: Bool
    }

    struct Step {
        let at: String
        let text: String
        let reason: String?
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await detail(try context.uuidParameter("appId"), unit: try unit(context), context: context)
    }

    func detail(_ id: UUID, unit: InstitutionID, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let view = try await reviews.view(id, of: unit)
        let declaration = view.declaration
        let content = declaration.content
        let events = try await reviews.progress(id, of: unit)
        let files = try await reviews.attachmentSummaries(of: declaration)
        let here = base(unit) + "/" + id.uuidString.lowercased()
        let applicant = view.applicant
        var person = [
            Field(label: "姓名", value: applicant?.realName ?? declaration.applicantName),
            Field(label: "证件号码", value: applicant?.documentNumber ?? ""),
        ]
        if let gender = applicant?.gender { person.append(Field(label: "性别", value: gender == .male ? "男" : "女")) }
        if let birth = applicant?.birthDate { person.append(Field(label: "出生日期", value: birth)) }
        person.append(Field(label: "工作单位", value: view.unit.name))
        var exam = [
            Field(label: "考试级别", value: content.level.label), Field(label: "考试类别", value: content.category.label),
        ]
        if let subtype = content.tcmSubtype { exam.append(Field(label: "中医类别", value: subtype.label)) }
        exam.append(Field(label: "应届毕业生", value: content.freshGraduate ? "是" : "否"))
        if let upgrade = content.assistantUpgrade {
            exam.append(Field(label: "助理医师资格证书编号", value: upgrade.qualificationCertificateNumber ?? ""))
            exam.append(Field(label: "助理医师执业证书编号", value: upgrade.practiceCertificateNumber ?? ""))
        }
        let education = content.education
        let schooling = [
            Field(label: "学历", value: education.level?.label ?? ""), Field(label: "学习形式", value: education.studyForm?.label ?? ""),
            Field(label: "毕业学校", value: education.school ?? ""), Field(label: "专业", value: education.major ?? ""),
            Field(label: "入学时间", value: education.enrolledOn?.description ?? ""),
            Field(label: "毕业时间", value: education.graduatedOn?.description ?? ""),
            Field(label: "毕业证书编号", value: education.diplomaNumber ?? ""),
        ]
        let reviewable = declaration.status == .submitted
        let entries = content.trialInstitutions.enumerated().map { index, entry in
            Entry(
                index: index, name: entry.name ?? "", department: entry.department ?? "", position: entry.position ?? "",
                period: "\(entry.startDate?.description ?? "") 至 \(entry.endDate?.description ?? (entry.current ? "今" : ""))",
                supervisor: entry.supervisorName ?? "", kind: entry.current ? "现试用单位" : "前试用单位",
                confirmation: entry.current ? "" : entry.confirmation.map { $0.confirmed ? "已确认" : "不予确认：" + ($0.note ?? "") } ?? "待确认",
                confirmable: !entry.current && reviewable, action: here + "/trial-institutions/\(index)/confirm"
            )
        }
        let attachments = content.attachments.map { item in
            AttachmentLink(
                label: item.purpose.label, href: "/console/attachments/" + item.attachment.description,
                isImage: files[item.attachment].map { $0.mediaType != .pdf } ?? false
            )
        }
        let steps = events.map { event in
            Step(
                at: Self.minute(event.at),
                text: (event.actorRole == .unit ? "单位：" : "申请人：") + (ApplicationStatus(rawValue: event.toStatus)?.label ?? event.toStatus),
                reason: event.reason
            )
        }
        var object: [String: Any] = [
            "name": declaration.applicantName, "status": declaration.status.label, "cycle": declaration.cycle,
            "person": person, "exam": exam, "schooling": schooling, "entries": entries, "attachments": attachments,
            "noAttachments": attachments.isEmpty, "steps": steps, "csrf": context.consoleCSRF ?? "",
            "canApprove": view.allowedActions.contains(ApplicationStatus.Action.approve.rawValue),
            "canReturn": view.allowedActions.contains(ApplicationStatus.Action.returnToCandidate.rawValue),
            "canAllowModification": view.allowedActions.contains(ApplicationStatus.Action.allowModification.rawValue),
            "approveAction": here + "/approve", "returnAction": here + "/return", "allowAction": here + "/allow-modification",
            "back": base(unit),
        ]
        if let error { object["error"] = error }
        return layout.page("试用期申报 · " + declaration.applicantName, body: templates.render("detail", object), context: context, status: status)
    }

    // MARK: Actions

    /// Runs an action; on success goes to the next declaration waiting for review (or the list), on a
    /// refusal shows the declaration again with the reason.
    private func act(
        _ request: Request, context: AppRequestContext, _ action: (UUID, InstitutionID, FormBody) async throws -> Void
    ) async throws -> Response {
        let unit = try unit(context)
        let id = try context.uuidParameter("appId")
        let form = try await FormBody.read(request)
        do {
            try await action(id, unit, form)
        } catch let problem as Problem where problem.status != 404 {
            let message = ([problem.title] + problem.errors.map(\.message)).joined(separator: "：")
            return try await detail(id, unit: unit, context: context, error: message, status: HTTPResponse.Status(code: problem.status))
                .response(from: request, context: context)
        }
        var waiting = DeclarationStore.UnitFilter()
        waiting.status = .submitted
        let next = try await reviews.list(unit, waiting, page: PageRequest(limit: 1)).0.items.first
        return ConsolePage.redirect(to: next.map { base(unit) + "/" + $0.id } ?? base(unit) + "?status=submitted")
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context) { id, unit, _ in _ = try await reviews.approve(id, of: unit, origin: context.origin) }
    }

    @Sendable func returnToCandidate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context) { id, unit, form in
            _ = try await reviews.returnToCandidate(id, of: unit, reason: form["reason"] ?? "", origin: context.origin)
        }
    }

    @Sendable func allowModification(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context) { id, unit, form in
            _ = try await reviews.allowModification(id, of: unit, reason: form["reason"] ?? "", origin: context.origin)
        }
    }

    /// Confirming one previous institution stays on the declaration (the next step is usually approval).
    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        let id = try context.uuidParameter("appId")
        guard let text = context.parameters.get("index"), let index = Int(text), (0..<1000).contains(index) else { throw Problem.notFound }
        let form = try await FormBody.read(request)
        do {
            _ = try await reviews.confirm(id, of: unit, index: index, confirmed: form["confirmed"] == "true", note: form["note"], origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            let message = ([problem.title] + problem.errors.map(\.message)).joined(separator: "：")
            return try await detail(id, unit: unit, context: context, error: message, status: HTTPResponse.Status(code: problem.status))
                .response(from: request, context: context)
        }
        return ConsolePage.redirect(to: base(unit) + "/" + id.uuidString.lowercased())
    }

    // MARK: Formatting

    /// `2026-11-24 09:30`, China time.
    static func minute(_ date: Date) -> String {
        ConsoleFormat.minute(date)
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=" + ConsoleFormat.queryValue($0.1) }.joined(separator: "&")
    }

    // MARK: Templates

    static let listTemplate = """
        <h1>试用期审核 <span class="muted">{{unitName}}</span></h1>
        <ul class="counts">{{#counts}}<li><a href="{{href}}">{{label}}</a><br><strong>{{count}}</strong></li>{{/counts}}</ul>
        <form method="get" action="{{action}}" class="filters card">
          <label>状态 <select name="status">{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
          <label>考试级别 <select name="level"><option value="">全部</option>{{#levels}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/levels}}</select></label>
          <label>考试类别 <select name="category"><option value="">全部</option>{{#categories}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/categories}}</select></label>
          <label>姓名 <input name="q" value="{{q}}" maxlength="50"></label>
          <button type="submit">筛选</button>
        </form>
        {{#empty}}<p class="muted">没有符合条件的申报。</p>{{/empty}}
        {{^empty}}
        <table class="list">
          <thead><tr><th>姓名</th><th>考试级别</th><th>考试类别</th><th>状态</th><th>提交时间</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{level}}</td><td>{{category}}</td><td>{{status}}</td><td>{{submittedAt}}</td></tr>{{/rows}}
          </tbody>
        </table>
        {{/empty}}
        {{#next}}<p><a class="button secondary" href="{{next}}" id="next-page">下一页</a></p>{{/next}}
        <p><a href="{{export}}" id="export">导出当前筛选结果（CSV，可用 Excel 打开）</a></p>
        """

    static let detailTemplate = """
        <p><a href="{{back}}">← 返回列表</a></p>
        <h1>{{name}} 的试用期申报 <span class="muted">{{cycle}} 年 · {{status}}</span></h1>
        {{#error}}<p class="error" id="action-error">{{error}}</p>{{/error}}
        <section><h2>申请人</h2><table>{{#person}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/person}}</table></section>
        <section><h2>报考信息</h2><table>{{#exam}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/exam}}</table></section>
        <section><h2>学历信息</h2><table>{{#schooling}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/schooling}}</table></section>
        <section>
          <h2>试用机构</h2>
          <table>
            <thead><tr><th>机构</th><th>科室</th><th>岗位</th><th>起止时间</th><th>带教老师</th><th>类型</th><th>审核</th></tr></thead>
            <tbody>
            {{#entries}}
            <tr>
              <td>{{name}}</td><td>{{department}}</td><td>{{position}}</td><td>{{period}}</td><td>{{supervisor}}</td><td>{{kind}}</td>
              <td>{{confirmation}}
                {{#confirmable}}
                <form method="post" action="{{action}}">
                  <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="confirmed" value="true">
                  <button type="submit" class="confirm-entry">确认</button>
                </form>
                <form method="post" action="{{action}}">
                  <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="confirmed" value="false">
                  <input name="note" placeholder="不予确认的原因" maxlength="200" required>
                  <button type="submit" class="secondary">不予确认</button>
                </form>
                {{/confirmable}}
              </td>
            </tr>
            {{/entries}}
            </tbody>
          </table>
        </section>
        <section>
          <h2>附件</h2>
          {{#noAttachments}}<p class="muted">没有附件。</p>{{/noAttachments}}
          {{#attachments}}
          <figure class="attachment">
            {{#isImage}}<a href="{{href}}" target="_blank" rel="noopener"><img src="{{href}}" alt="{{label}}"></a>{{/isImage}}
            <figcaption>{{label}} · <a href="{{href}}" target="_blank" rel="noopener">在新窗口打开</a></figcaption>
          </figure>
          {{/attachments}}
        </section>
        <section>
          <h2>进度详情</h2>
          <ol class="timeline">{{#steps}}<li>{{at}} {{text}}{{#reason}}（原因：{{reason}}）{{/reason}}</li>{{/steps}}</ol>
        </section>
        <section class="actions">
          <h2>审核</h2>
          {{#canApprove}}
          <form method="post" action="{{approveAction}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit" id="approve">审核通过</button>
          </form>
          {{/canApprove}}
          {{#canReturn}}
          <form method="post" action="{{returnAction}}" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="return-reason">退回原因</label>
            <textarea id="return-reason" name="reason" maxlength="500" required></textarea>
            <p><button type="submit" id="return" class="danger">退回修改</button></p>
          </form>
          {{/canReturn}}
          {{#canAllowModification}}
          <form method="post" action="{{allowAction}}" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="allow-reason">允许修改的原因</label>
            <textarea id="allow-reason" name="reason" maxlength="500" required></textarea>
            <p><button type="submit" id="allow-modification" class="secondary">允许修改</button></p>
          </form>
          {{/canAllowModification}}
          {{^canApprove}}{{^canReturn}}{{^canAllowModification}}<p class="muted">当前状态下没有可执行的审核操作。</p>{{/canAllowModification}}{{/canReturn}}{{/canApprove}}
        </section>
        """
}
