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
        templates = try ConsoleTemplates(UnitTemplates.all)
    }

    func register(on console: ConsoleRoutes) {
        let unit = console.unit("")
        unit.get(InstitutionsPaths.consoleUnit.route, use: home)
        unit.get(InstitutionsPaths.consoleInfo.route, use: info)
        unit.get(InstitutionsPaths.consoleRotateCode.route, use: confirmRotation)
        unit.post(InstitutionsPaths.consoleRotateCode.route, use: rotate)
        unit.post(InstitutionsPaths.consoleEndEmployment.route, use: endEmployment)
        unit.post(InstitutionsPaths.consoleAdministrators.route, use: addAdministrator)
        unit.post(InstitutionsPaths.consoleRevokeAdministrator.route, use: removeAdministrator)
    }

    private func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let institution = try await institutions.institution(unit)
        let model = UnitHomePage(institution, panels: try await dashboard.render(for: unit, context: context))
        return layout.page(institution.name, body: templates.render("home", model), context: context)
    }

    @Sendable func info(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await infoPage(request, context: context)
    }

    func infoPage(_ request: Request, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let unit = try unit(context)
        let institution = try await institutions.institution(unit)
        let code = try await institutions.code(of: unit)
        let filter = StaffFilter(query: request)
        let staff = try await units.staff(of: unit, nameContaining: filter.nameContaining, page: try PageRequest.consolePage(request))
        let model = UnitInfoPage(
            institution, code: code, filter: filter, staff: staff, administrators: try await units.administrators(of: unit),
            csrf: context.consoleCSRF ?? "", error: error
        )
        return layout.page("单位信息", body: templates.render("info", model), context: context, status: status)
    }

    /// The confirmation step: rotating makes the code every candidate was given stop working.
    @Sendable func confirmRotation(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let model = UnitRotatePage(unit: try unit(context), csrf: context.consoleCSRF ?? "")
        return layout.page("更换单位确认码", body: templates.render("rotate", model), context: context)
    }

    @Sendable func rotate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        _ = try await FormBody.read(request)
        _ = try await institutions.rotateCode(of: unit, origin: context.origin)
        return ConsolePage.redirect(to: InstitutionsPaths.consoleInfo.link(unit))
    }

    private func act(_ request: Request, context: AppRequestContext, _ action: (InstitutionID, FormBody) async throws -> Void) async throws -> Response {
        let unit = try unit(context)
        return try await ConsoleAction.run(request, context: context) { form in
            try await action(unit, form)
        } refused: { message, status in
            try await infoPage(request, context: context, error: message, status: status)
        } then: {
            InstitutionsPaths.consoleInfo.link(unit)
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
            guard let text = form["accountId"], let account = AccountID(text) else { throw InstitutionsProblems.accountNotFound }
            try await units.addAdministrator(account, to: unit, origin: context.origin)
        }
    }

    @Sendable func removeAdministrator(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context) { unit, _ in
            try await units.removeAdministrator(try account(context.parameters.get("accountId")), from: unit, origin: context.origin)
        }
    }
}
