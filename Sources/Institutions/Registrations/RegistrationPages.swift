import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 机构注册审核 in the console: the registrations waiting, one with its licence, approve (accepting a
/// failed USCC check only when the administrator ticks it) or reject with a reason. Through
/// `RegistrationService`, like `/api/v1/admin/institution-registrations`.
struct RegistrationPages: Sendable {
    let registrations: RegistrationService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    static let base = "/console/platform/registrations"

    init(registrations: RegistrationService, layout: ConsoleLayout) throws {
        self.registrations = registrations
        self.layout = layout
        templates = try ConsoleTemplates(["queue": Self.queueTemplate, "review": Self.reviewTemplate])
    }

    func register(on console: ConsoleRoutes) {
        let group = console.platformAdmin.group("/registrations")
        group.get("", use: queue)
        group.get("/:id", use: show)
        group.post("/:id/approve", use: approve)
        group.post("/:id/reject", use: reject)
    }

    struct Row {
        let href: String
        let name: String
        let uscc: String
        let region: String
        let submittedAt: String
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let page = try PageRequest.consolePage(request)
        let found = try await registrations.queue(.submitted, page)
        let rows = found.items.map { item in
            let r = item.registration
            return Row(
                href: Self.base + "/" + r.id.uuidString.lowercased(), name: r.details.name, uscc: r.details.uscc,
                region: r.details.region.label, submittedAt: ConsoleFormat.minute(r.submittedAt)
            )
        }
        var object: [String: Any] = ["rows": rows, "empty": rows.isEmpty]
        if let next = found.nextCursor { object["next"] = Self.base + "?cursor=" + next }
        return layout.page("机构注册审核", body: templates.render("queue", object), context: context)
    }

    struct Field {
        let label: String
        let value: String
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await review(try context.uuidParameter("id"), context: context)
    }

    func review(_ id: UUID, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let r = try await registrations.registration(id)
        let here = Self.base + "/" + id.uuidString.lowercased()
        let fields = [
            Field(label: "单位名称", value: r.details.name),
            Field(label: "统一社会信用代码", value: r.details.uscc + (r.details.usccCheckPassed ? "" : "（校验位不符）")),
            Field(label: "主管单位", value: r.details.superiorUnit ?? ""), Field(label: "机构类别", value: r.details.category.label),
            Field(label: "所在地区", value: r.details.region.label), Field(label: "地址", value: r.details.address),
            Field(label: "联系人", value: r.contactName), Field(label: "联系电话", value: r.contactPhone),
            Field(label: "提交时间", value: ConsoleFormat.minute(r.submittedAt)),
            Field(label: "状态", value: Self.label(r.status) + (r.rejectReason.map { "：" + $0 } ?? "")),
        ]
        var object: [String: Any] = [
            "name": r.details.name, "fields": fields, "licence": "/console/attachments/\(r.licence)",
            "waiting": r.status == .submitted, "checkFailed": !r.details.usccCheckPassed,
            "approveAction": here + "/approve", "rejectAction": here + "/reject", "csrf": context.consoleCSRF ?? "",
        ]
        if let error { object["error"] = error }
        return layout.page("机构注册 · " + r.details.name, body: templates.render("review", object), context: context, status: status)
    }

    static func label(_ status: RegistrationStatus) -> String {
        switch status {
        case .submitted: "待审核"
        case .approved: "已通过"
        case .rejected: "已驳回"
        }
    }

    private func decide(_ request: Request, context: AppRequestContext, _ decision: (UUID, FormBody) async throws -> Void) async throws -> Response {
        let id = try context.uuidParameter("id")
        let caller = try context.requireCaller()
        return try await ConsoleAction.run(request, context: context) { form in
            try await decision(id, form)
        } refused: { message, status in
            try await review(id, context: context, error: message, status: status)
        } then: {
            // The next one waiting that is not the reviewer's own.
            let next = try await registrations.queue(.submitted, PageRequest(limit: 20)).items.first { $0.registration.registrant != caller.accountID }
            return next.map { Self.base + "/" + $0.registration.id.uuidString.lowercased() } ?? Self.base
        }
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(request, context: context) { id, form in
            _ = try await registrations.approve(id, acceptFailedCheck: form["acceptFailedUsccCheck"] == "true", origin: context.origin)
        }
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(request, context: context) { id, form in try await registrations.reject(id, reason: form["reason"] ?? "", origin: context.origin) }
    }

    static let queueTemplate = """
        <h1>机构注册审核</h1>
        {{#empty}}<p class="muted">没有等待审核的机构注册。</p>{{/empty}}
        {{^empty}}
        <table class="list">
          <thead><tr><th>单位名称</th><th>统一社会信用代码</th><th>地区</th><th>提交时间</th></tr></thead>
          <tbody>{{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{uscc}}</td><td>{{region}}</td><td>{{submittedAt}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/empty}}
        {{#next}}<p><a class="button secondary" href="{{next}}" id="next-page">下一页</a></p>{{/next}}
        """

    static let reviewTemplate = """
        <p><a href="/console/platform/registrations">← 返回列表</a></p>
        <h1>机构注册：{{name}}</h1>
        {{#error}}<p class="error" id="action-error">{{error}}</p>{{/error}}
        <div class="review">
          <section class="photos">
            <figure class="attachment"><a href="{{licence}}" target="_blank" rel="noopener">执业许可证（在新窗口打开）</a>
            <img src="{{licence}}" alt="执业许可证"></figure>
          </section>
          <section>
            <table>{{#fields}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/fields}}</table>
            {{#waiting}}
            <form method="post" action="{{approveAction}}">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              {{#checkFailed}}<p><label><input type="checkbox" name="acceptFailedUsccCheck" value="true"> 已核实：接受校验位不符的统一社会信用代码</label></p>{{/checkFailed}}
              <p><button type="submit" id="approve">审核通过</button></p>
            </form>
            <form method="post" action="{{rejectAction}}" class="stacked">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              <label for="reject-reason">驳回原因</label>
              <textarea id="reject-reason" name="reason" maxlength="200" required></textarea>
              <p><button type="submit" id="reject" class="danger">驳回</button></p>
            </form>
            {{/waiting}}
          </section>
        </div>
        """
}
