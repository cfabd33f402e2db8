import Contracts
import Foundation
import Hummingbird
import Web

/// The caller's own employment: see it, bind with a unit's confirmation code, unbind.
struct EmploymentRoutes: Sendable {
    let employment: EmploymentService

    func register(on routes: ModuleRoutes) {
        let any = routes.authenticated
        any.get(InstitutionsPaths.myEmployment.route, use: show)
        any.put(InstitutionsPaths.myEmployment.route, use: bind)
        any.delete(InstitutionsPaths.myEmployment.route, use: unbind)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> EmploymentResponse {
        let (current, history) = try await employment.employment(of: try context.requireCaller().accountID)
        return EmploymentResponse(current: current.map(EmploymentPeriodResponse.init), history: history.map(EmploymentPeriodResponse.init))
    }

    @Sendable func bind(_ request: Request, context: AppRequestContext) async throws -> EmploymentResponse {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: EmploymentRequest.self, context: context)
        guard let institution = InstitutionID(input.institutionId) else { throw InstitutionsProblems.institutionNotFound }
        try await employment.bind(caller.accountID, to: institution, code: input.confirmationCode, origin: context.origin)
        return try await show(request, context: context)
    }

    @Sendable func unbind(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        try await employment.unbind(try context.requireCaller().accountID, origin: context.origin)
        return .noContent
    }
}
