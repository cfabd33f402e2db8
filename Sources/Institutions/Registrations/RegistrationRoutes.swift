import Contracts
import Foundation
import Hummingbird
import Web

/// 机构注册: a verified caller registers a unit and sees their registrations; platform administrators
/// work through the queue.
struct RegistrationRoutes: Sendable {
    let registrations: RegistrationService

    func register(on routes: ModuleRoutes) {
        let any = routes.authenticated
        any.post(InstitutionsPaths.register.route, use: register)
        any.get(InstitutionsPaths.myRegistrations.route, use: mine)

        let admin = routes.platformAdmin
        admin.get(InstitutionsPaths.registrationQueue.route, use: queue)
        admin.post(InstitutionsPaths.approveRegistration.route, use: approve)
        admin.post(InstitutionsPaths.rejectRegistration.route, use: reject)
    }

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
        let filter = try RegistrationQueueFilter(query: request)
        return try await registrations.queue(filter.status, try PageRequest(query: request))
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
}
