import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 工作单位 on the candidates' pages (`/m/employment`, issue 28): the bound unit and its history; search
/// by a name fragment, pick, enter the 单位确认码 (绑定, or 更新工作单位 when bound); 解绑. Through the same
/// services as `GET/PUT/DELETE /api/v1/me/employment` and `GET /api/v1/institutions`: the code's
/// attempts limit, the verification required, the audit are theirs.
struct EmploymentMobilePages: Sendable {
    let employment: EmploymentService
    let institutions: InstitutionService
    let identities: any IdentityDirectory
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(employment: EmploymentService, institutions: InstitutionService, identities: any IdentityDirectory, mobile: MobileRoutes) throws {
        self.employment = employment
        self.institutions = institutions
        self.identities = identities
        self.mobile = mobile
        templates = try ConsoleTemplates(EmploymentMobileTemplates.all)
    }

    func register(directory: any EmploymentDirectory) {
        mobile.home.add("工作单位", at: InstitutionsPaths.mobileEmployment, section: .services, order: 20, id: "home-employment") { caller in
            // From the authenticating statement's row: no statement.
            try await directory.currentEmployment(of: caller)?.institution.name ?? "未绑定"
        }
        mobile.signedIn.get(InstitutionsPaths.mobileEmployment.route, use: show)
        mobile.signedIn.get(InstitutionsPaths.mobileSearch.route, use: search)
        mobile.signedIn.get(InstitutionsPaths.mobileBind.route, use: bindForm)
        mobile.signedIn.post(InstitutionsPaths.mobileBind.route, use: bind)
        mobile.signedIn.post(InstitutionsPaths.mobileUnbind.route, use: unbind)
    }

    // MARK: The bound unit

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let done = request.uri.queryParameters["done"].map(String.init)
        return try await overview(context: context, notice: EmploymentOverviewModel.notice(for: done))
    }

    func overview(context: AppRequestContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let (current, history) = try await employment.employment(of: caller.accountID)
        let verified = try await identities.verifiedIdentity(of: caller.accountID) != nil
        let model = EmploymentOverviewModel(
            current: current, history: history, verified: verified, notice: notice, error: error, csrf: context.consoleCSRF ?? ""
        )
        return mobile.layout.page("工作单位", body: templates.render("overview", model), context: context, status: status)
    }

    @Sendable func unbind(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try await ConsoleAction.run(request, context: context) { _ in
            try await employment.unbind(caller.accountID, origin: context.origin)
        } refused: { message, status in
            try await overview(context: context, error: message, status: status)
        } then: {
            InstitutionsPaths.mobileEmployment.link(query: QueryString().adding("done", "unbound"))
        }
    }

    // MARK: Search and bind

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let parameters = request.uri.queryParameters
        let text = parameters["q"].map(String.init) ?? ""
        var model = EmploymentSearchModel(q: text)
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            return mobile.layout.page("选择工作单位", body: templates.render("search", model), context: context, back: ("工作单位", InstitutionsPaths.mobileEmployment.link()))
        }
        do {
            let query = try InstitutionRules.query(text: text, region: nil, category: nil)
            var cursor: SearchCursor?
            if let raw = parameters["cursor"] {
                guard let decoded = SearchCursor(encoded: String(raw)) else { throw PageRequest.invalidCursor }
                cursor = decoded
            }
            let found = try await institutions.search(query, limit: EmploymentSearchModel.pageSize, cursor: cursor, by: caller)
            model.show(found)
        } catch let problem as Problem {
            model.qError = problem.errors.first?.message ?? problem.title
            return mobile.layout.page(
                "选择工作单位", body: templates.render("search", model), context: context, status: HTTPResponse.Status(code: problem.status),
                back: ("工作单位", InstitutionsPaths.mobileEmployment.link())
            )
        }
        return mobile.layout.page("选择工作单位", body: templates.render("search", model), context: context, back: ("工作单位", InstitutionsPaths.mobileEmployment.link()))
    }

    /// The unit picked and the code form; an unknown or inactive unit is a 404 page, as its binding would be.
    func bindPage(
        _ id: InstitutionID, form: EmploymentBindModel.Form = .init(), context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let institution = try await institutions.institution(id)
        guard institution.status == .active else { throw Problem.notFound }
        let current = try await employment.employment(of: caller.accountID).current
        let model = EmploymentBindModel(institution: institution, current: current, form: form, csrf: context.consoleCSRF ?? "")
        return mobile.layout.page(
            model.title, body: templates.render("bind", model), context: context, status: status, back: ("重新搜索", InstitutionsPaths.mobileSearch.link())
        )
    }

    @Sendable func bindForm(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await bindPage(InstitutionID(try context.uuidParameter("institutionId")), context: context)
    }

    @Sendable func bind(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = InstitutionID(try context.uuidParameter("institutionId"))
        let form = try await FormBody.read(request)
        let code = form["confirmationCode"] ?? ""
        do {
            try await employment.bind(caller.accountID, to: id, code: code, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            let page = try await bindPage(
                id, form: EmploymentBindModel.Form(code: code, refusal: problem), context: context, status: HTTPResponse.Status(code: problem.status)
            )
            return try page.response(from: request, context: context)
        }
        return ConsolePage.redirect(to: InstitutionsPaths.mobileEmployment.link(query: QueryString().adding("done", "bound")))
    }
}
