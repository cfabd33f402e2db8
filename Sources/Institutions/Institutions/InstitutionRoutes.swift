import Contracts
import Foundation
import Hummingbird
import Web

/// Search, unit administration (the unit, its code, its staff, its administrators) and a platform
/// administrator's edit. Decode a request, call a service, encode a response; route groups do the
/// authorisation.
struct InstitutionRoutes: Sendable {
    let institutions: InstitutionService
    let units: UnitService

    func register(on routes: ModuleRoutes) {
        routes.authenticated.get(InstitutionsPaths.search.route, use: search)

        let unit = routes.unitAdmin("")
        unit.get(InstitutionsPaths.unit.route, use: showUnit)
        unit.get(InstitutionsPaths.confirmationCode.route, use: showCode)
        unit.post(InstitutionsPaths.rotateCode.route, use: rotateCode)
        unit.get(InstitutionsPaths.staff.route, use: staff)
        unit.delete(InstitutionsPaths.staffMember.route, use: endEmployment)
        unit.get(InstitutionsPaths.administrators.route, use: admins)
        unit.post(InstitutionsPaths.administrators.route, use: addAdmin)
        unit.delete(InstitutionsPaths.administrator.route, use: removeAdmin)

        routes.platformAdmin.put(InstitutionsPaths.institution.route, use: edit)
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Page<InstitutionResponse> {
        let search = try InstitutionSearchRequest(query: request)
        let found = try await institutions.search(search.query, limit: search.limit, cursor: search.cursor, by: try context.requireCaller())
        return Page(items: found.items.map(InstitutionResponse.init), nextCursor: found.next?.encoded)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> UnitResponse {
        let id = InstitutionID(try context.uuidParameter("id"))
        let input = try await request.decodeJSON(as: InstitutionEditRequest.self, context: context)
        return UnitResponse(try await units.edit(id, input, origin: context.origin))
    }

    // MARK: Unit administration

    private func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    @Sendable func showUnit(_ request: Request, context: AppRequestContext) async throws -> UnitResponse {
        UnitResponse(try await institutions.institution(try unit(context)))
    }

    @Sendable func showCode(_ request: Request, context: AppRequestContext) async throws -> ConfirmationCodeResponse {
        let (code, rotatedAt) = try await institutions.code(of: try unit(context))
        return ConfirmationCodeResponse(code: code, rotatedAt: rotatedAt)
    }

    @Sendable func rotateCode(_ request: Request, context: AppRequestContext) async throws -> ConfirmationCodeResponse {
        let (code, rotatedAt) = try await institutions.rotateCode(of: try unit(context), origin: context.origin)
        return ConfirmationCodeResponse(code: code, rotatedAt: rotatedAt)
    }

    @Sendable func staff(_ request: Request, context: AppRequestContext) async throws -> Page<StaffMemberResponse> {
        let filter = StaffFilter(query: request)
        return try await units.staff(of: try unit(context), nameContaining: filter.nameContaining, page: try PageRequest(query: request))
    }

    @Sendable func endEmployment(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let input = try await request.decodeJSON(as: EndEmploymentRequest.self, context: context)
        let account = AccountID(try context.uuidParameter("accountId"))
        try await units.endEmployment(of: account, at: try unit(context), reason: input.reason, origin: context.origin)
        return .noContent
    }

    @Sendable func admins(_ request: Request, context: AppRequestContext) async throws -> AdministratorsResponse {
        AdministratorsResponse(items: try await units.administrators(of: try unit(context)))
    }

    @Sendable func addAdmin(_ request: Request, context: AppRequestContext) async throws -> AdministratorsResponse {
        let input = try await request.decodeJSON(as: AdministratorRequest.self, context: context)
        guard let account = AccountID(input.accountId) else { throw InstitutionsProblems.accountNotFound }
        let institution = try unit(context)
        try await units.addAdministrator(account, to: institution, origin: context.origin)
        return AdministratorsResponse(items: try await units.administrators(of: institution))
    }

    @Sendable func removeAdmin(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let account = AccountID(try context.uuidParameter("accountId"))
        try await units.removeAdministrator(account, from: try unit(context), origin: context.origin)
        return .noContent
    }
}
