import Contracts
import Foundation
import Hummingbird
import Web

/// Search, the caller's employment, registrations, unit administration and the platform's review.
/// Decode a request, call a service, encode a response; route groups do the authorisation.
struct InstitutionsRoutes: Sendable {
    let institutions: InstitutionService
    let employment: EmploymentService
    let registrations: RegistrationService
    let units: UnitService

    func register(on routes: ModuleRoutes) {
        let any = routes.authenticated
        any.get("/institutions", use: search)
        any.get("/me/employment", use: showEmployment)
        any.put("/me/employment", use: bind)
        any.delete("/me/employment", use: unbind)
        any.post("/institution-registrations", use: register)
        any.get("/institution-registrations/mine", use: mine)

        let unit = routes.unitAdmin("/units/:institutionId")
        unit.get("", use: showUnit)
        unit.get("/confirmation-code", use: showCode)
        unit.post("/confirmation-code/rotate", use: rotateCode)
        unit.get("/staff", use: staff)
        unit.delete("/staff/:accountId", use: endEmployment)
        unit.get("/admins", use: admins)
        unit.post("/admins", use: addAdmin)
        unit.delete("/admins/:accountId", use: removeAdmin)

        let admin = routes.platformAdmin
        admin.get("/institution-registrations", use: queue)
        admin.post("/institution-registrations/:id/approve", use: approve)
        admin.post("/institution-registrations/:id/reject", use: reject)
        admin.put("/institutions/:id", use: edit)
    }

    // MARK: Search

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Page<InstitutionResponse> {
        let parameters = request.uri.queryParameters
        let query = try InstitutionRules.query(
            text: parameters["q"].map(String.init), region: parameters["region"].map(String.init), category: parameters["category"].map(String.init)
        )
        let page = try PageRequest(query: request, cursorless: true)
        var cursor: SearchCursor?
        if let text = parameters["cursor"] {
            guard let decoded = SearchCursorCodec.decode(String(text)) else { throw PageRequest.invalidCursor }
            cursor = decoded
        }
        let found = try await institutions.search(query, limit: page.limit, cursor: cursor, by: try context.requireCaller())
        return Page(items: found.items.map(InstitutionResponse.init), nextCursor: found.next.map(SearchCursorCodec.encode))
    }

    // MARK: The caller's employment

    @Sendable func showEmployment(_ request: Request, context: AppRequestContext) async throws -> EmploymentResponse {
        let (current, history) = try await employment.employment(of: try context.requireCaller().accountID)
        return EmploymentResponse(current: current.map(EmploymentPeriodResponse.init), history: history.map(EmploymentPeriodResponse.init))
    }

    @Sendable func bind(_ request: Request, context: AppRequestContext) async throws -> EmploymentResponse {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: EmploymentRequest.self, context: context)
        guard let institution = InstitutionID(input.institutionId) else { throw InstitutionsProblems.institutionNotFound }
        try await employment.bind(caller.accountID, to: institution, code: input.confirmationCode, origin: context.origin)
        return try await showEmployment(request, context: context)
    }

    @Sendable func unbind(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        try await employment.unbind(try context.requireCaller().accountID, origin: context.origin)
        return .noContent
    }

    // MARK: Registration

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<RegistrationResponse> {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: RegistrationRequest.self, context: context)
        let registration = try await registrations.submit(input, by: caller.accountID, origin: context.origin)
        return EditedResponse(status: .created, response: RegistrationResponse(registration))
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> RegistrationListResponse {
        RegistrationListResponse(items: try await registrations.mine(try context.requireCaller().accountID).map(RegistrationResponse.init))
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Page<RegistrationResponse> {
        var status = RegistrationStatus.submitted
        if let text = request.uri.queryParameters["status"] {
            guard let parsed = RegistrationStatus(rawValue: String(text)) else { throw InstitutionsProblems.unsupportedStatus }
            status = parsed
        }
        return try await registrations.queue(status, try PageRequest(query: request))
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> UnitResponse {
        let input = try await request.decodeJSONOrEmpty(as: ApproveRegistrationRequest.self, context: context)
        let institution = try await registrations.approve(
            try context.uuidParameter("id"), acceptFailedCheck: input?.acceptFailedUsccCheck ?? false, origin: context.origin
        )
        return UnitResponse(institution)
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let input = try await request.decodeJSON(as: RejectRequest.self, context: context)
        try await registrations.reject(try context.uuidParameter("id"), reason: input.reason, origin: context.origin)
        return .noContent
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
        let fragment = request.uri.queryParameters["q"].map(String.init)
        return try await units.staff(of: try unit(context), nameContaining: fragment, page: try PageRequest(query: request))
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
        guard let account = AccountID(input.accountId) else { throw UnitService.accountNotFound }
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
