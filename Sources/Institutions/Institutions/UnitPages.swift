import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// A unit's pages in the console: its home (the institution and every module's dashboard panel) and
/// 单位信息 (the confirmation code with a confirmed rotation, the staff with a name search and ending a
/// binding, the administrators). Through `InstitutionService` and `UnitService`, like `/api/v1/units/…`.
struct UnitPages: Sendable {
    let institutions: InstitutionService
    let units: UnitService
    let layout: ConsoleLayout
    let dashboard: UnitDashboard
    let templates: ConsoleTemplates

    init(institutions: InstitutionService, units: UnitService, console: ConsoleRoutes) throws {
        self.institutions = institutions
        self.units = units
        layout = console.layout
        dashboard = console.dashboard
        templates = try ConsoleTemplates(["home": Self.homeTemplate, "info": Self.infoTemplate, "rotate": Self.rotateTemplate])
    }

    func register(on console: ConsoleRoutes) {
        let unit = console.unit()
        unit.get("", use: home)
        unit.get("/info", use: info)
        unit.get("/confirmation-code/rotate", use: confirmRotation)
        unit.post("/confirmation-code/rotate", use: rotate)
        unit.post("/staff/:accountId/end", use: endEmployment)
        unit.post("/admins", use: addAdministrator)
        unit.post("/admins/:accountId/revoke", use: removeAdministrator)
    }

    private func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    static func base(_ unit: InstitutionID) -> String {
        "/console/units/\(unit.rawValue.uuidString.lowercased())"
    }

    struct Field {
        let label: String
        let value: String
    }

    static func fields(_ institution: Institution) -> [Field] {
        [
            Field(label: "单位名称", value: institution.name), Field(label: "机构编码", value: institution.uscc),
            Field(label: "主管单位", value: institution.superiorUnit ?? ""), Field(label: "机构类别", value: institution.category.label),
            Field(label: "所在地区", value: institution.region.label), Field(label: "地址", value: institution.address),
        ]
    }

    // MARK: Home

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let institution = try await institutions.institution(unit)
        let panels = try await dashboard.render(for: unit, context: context)
        let object: [String: Any] = [
            "name": institution.name, "fields": Self.fields(institution), "panels": panels, "info": Self.base(unit) + "/info",
        ]
        return layout.page(institution.name, body: templates.render("home", object), context: context)
    }

    // MARK: 单位信息

    struct StaffRow {
        let name: String
        let number: String
        let since: String
        let endAction: String
        let accountID: String
        let isAdministrator: Bool
    }

    struct AdminRow {
        let name: String
        let revokeAction: String
    }

    @Sendable func info(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await infoPage(request, context: context)
    }

    func infoPage(_ request: Request, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let unit = try unit(context)
        let base = Self.base(unit)
        let institution = try await institutions.institution(unit)
        let code = try await institutions.code(of: unit)
        let query = request.uri.queryParameters["q"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let page = try PageRequest.consolePage(request)
        let staff = try await units.staff(of: unit, nameContaining: query, page: page)
        let administrators = try await units.administrators(of: unit)
        let adminIDs = Set(administrators.map(\.accountId))
        var object: [String: Any] = [
            "name": institution.name, "fields": Self.fields(institution), "code": code.code,
            "rotatedAt": ConsoleFormat.minute(code.rotatedAt), "rotate": base + "/confirmation-code/rotate",
            "staff": staff.items.map { member in
                StaffRow(
                    name: member.realName ?? "", number: member.documentNumberMasked ?? "", since: ConsoleFormat.minute(member.since),
                    endAction: base + "/staff/\(member.accountId)/end", accountID: member.accountId,
                    isAdministrator: adminIDs.contains(member.accountId)
                )
            },
            "noStaff": staff.items.isEmpty, "q": query ?? "", "search": base + "/info",
            "admins": administrators.map { AdminRow(name: $0.realName ?? "（未实名）", revokeAction: base + "/admins/\($0.accountId)/revoke") },
            "addAdmin": base + "/admins", "csrf": context.consoleCSRF ?? "", "home": base,
        ]
        if let next = staff.nextCursor {
            object["next"] = base + "/info?cursor=" + next + (query.map { "&q=" + ConsoleFormat.queryValue($0) } ?? "")
        }
        if let error { object["error"] = error }
        return layout.page("单位信息", body: templates.render("info", object), context: context, status: status)
    }

    /// The confirmation step: rotating makes the code every candidate was given stop working.
    @Sendable func confirmRotation(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let object: [String: Any] = ["action": Self.base(unit) + "/confirmation-code/rotate", "back": Self.base(unit) + "/info", "csrf": context.consoleCSRF ?? ""]
        return layout.page("更换单位确认码", body: templates.render("rotate", object), context: context)
    }

    @Sendable func rotate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        _ = try await FormBody.read(request)
        _ = try await institutions.rotateCode(of: unit, origin: context.origin)
        return ConsolePage.redirect(to: Self.base(unit) + "/info")
    }

    private func act(_ request: Request, context: AppRequestContext, _ action: (InstitutionID, FormBody) async throws -> Void) async throws -> Response {
        let unit = try unit(context)
        return try await ConsoleAction.run(request, context: context) { form in
            try await action(unit, form)
        } refused: { message, status in
            try await infoPage(request, context: context, error: message, status: status)
        } then: {
            Self.base(unit) + "/info"
        }
    }

    private func account(_ text: String?) throws -> AccountID {
        guard let text, let account = AccountID(text) else { throw Problem.notFound }
        return account
    }

    @Sendable func endEmployment(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context) { unit, form in
            try await units.endEmployment(of: try account(context.parameters.get("accountId")), at: unit, reason: form["reason"] ?? "", origin: context.origin)
        }
    }

    @Sendable func addAdministrator(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context) { unit, form in
            guard let text = form["accountId"], let account = AccountID(text) else { throw UnitService.accountNotFound }
            try await units.addAdministrator(account, to: unit, origin: context.origin)
        }
    }

    @Sendable func removeAdministrator(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context) { unit, _ in
            try await units.removeAdministrator(try account(context.parameters.get("accountId")), from: unit, origin: context.origin)
        }
    }

    // MARK: Templates

    static let homeTemplate = """
        <h1>{{name}}</h1>
        <section><table>{{#fields}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/fields}}</table>
          <p><a href="{{info}}">单位信息：确认码、人员、管理员</a></p></section>
        {{#panels}}{{{.}}}{{/panels}}
        """

    static let infoTemplate = """
        <p><a href="{{home}}">← 单位首页</a></p>
        <h1>单位信息</h1>
        {{#error}}<p class="error" id="action-error">{{error}}</p>{{/error}}
        <section><table>{{#fields}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/fields}}</table></section>
        <section>
          <h2>单位确认码</h2>
          <p>当前确认码：<strong id="confirmation-code">{{code}}</strong> <span class="muted">（{{rotatedAt}} 生成）</span></p>
          <p class="muted">本单位人员绑定工作单位时需输入此确认码。更换后旧确认码立即失效。</p>
          <p><a class="button secondary" href="{{rotate}}" id="rotate-code">更换确认码</a></p>
        </section>
        <section>
          <h2>管理员</h2>
          <ul>{{#admins}}<li>{{name}}
            <form method="post" action="{{revokeAction}}"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="secondary">撤销管理员</button></form>
          </li>{{/admins}}</ul>
        </section>
        <section>
          <h2>本单位人员</h2>
          <form method="get" action="{{search}}" class="filters">
            <label>姓名 <input name="q" value="{{q}}" maxlength="50"></label>
            <button type="submit">搜索</button>
          </form>
          {{#noStaff}}<p class="muted">没有找到人员。</p>{{/noStaff}}
          {{^noStaff}}
          <table>
            <thead><tr><th>姓名</th><th>证件号码</th><th>绑定时间</th><th>操作</th></tr></thead>
            <tbody>
            {{#staff}}
            <tr><td>{{name}}</td><td>{{number}}</td><td>{{since}}</td>
              <td>
                {{^isAdministrator}}
                <form method="post" action="{{addAdmin}}"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="accountId" value="{{accountID}}"><button type="submit" class="secondary">设为管理员</button></form>
                {{/isAdministrator}}
                <form method="post" action="{{endAction}}"><input type="hidden" name="_csrf" value="{{csrf}}">
                  <input name="reason" placeholder="解除原因（如已离职）" maxlength="200" required>
                  <button type="submit" class="danger">解除绑定</button></form>
              </td></tr>
            {{/staff}}
            </tbody>
          </table>
          {{/noStaff}}
          {{#next}}<p><a class="button secondary" href="{{next}}" id="next-page">下一页</a></p>{{/next}}
        </section>
        """

    static let rotateTemplate = """
        <section class="card">
          <h1>更换单位确认码</h1>
          <p>更换后，旧确认码立即失效；尚未绑定的人员需要使用新确认码。确定更换吗？</p>
          <form method="post" action="{{action}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit" id="confirm-rotate">确定更换</button>
            <a class="button secondary" href="{{back}}">取消</a>
          </form>
        </section>
        """
}
