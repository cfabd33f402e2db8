import Contracts
import Foundation
import Hummingbird
import Web

/// `/me/verification*` for candidates and `/admin/verifications*` for platform administrators (the
/// route group checks the role). Decode a request, call a service, encode a response.
struct VerificationRoutes: Sendable {
    let service: VerificationService
    let review: VerificationReviewService

    func register(on routes: ModuleRoutes) {
        let me = routes.authenticated
        me.get(IdentityPaths.verification.route, use: show)
        me.post(IdentityPaths.verification.route, use: start)
        me.post(IdentityPaths.verificationScan.route, use: scan)
        me.post(IdentityPaths.verificationWithdraw.route, use: withdraw)
        let admin = routes.platformAdmin
        admin.get(IdentityPaths.verificationQueue.route, use: queue)
        admin.post(IdentityPaths.approveVerification.route, use: approve)
        admin.post(IdentityPaths.rejectVerification.route, use: reject)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> VerificationStatusResponse {
        VerificationStatusResponse(try await service.state(of: try context.requireCaller().accountID))
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<VerificationStatusResponse> {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: VerificationStartRequest.self, context: context)
        try await service.start(caller.accountID, input, origin: context.origin)
        return EditedResponse(status: .created, response: VerificationStatusResponse(try await service.state(of: caller.accountID)))
    }

    @Sendable func scan(_ request: Request, context: AppRequestContext) async throws -> VerificationStatusResponse {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: VerificationScanRequest.self, context: context)
        try await service.scan(caller.accountID, input, origin: context.origin)
        return VerificationStatusResponse(try await service.state(of: caller.accountID))
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> VerificationStatusResponse {
        let caller = try context.requireCaller()
        try await service.withdraw(caller.accountID, origin: context.origin)
        return VerificationStatusResponse(try await service.state(of: caller.accountID))
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Page<VerificationReviewItem> {
        if let status = request.uri.queryParameters["status"], status != "pending_review" {
            throw VerificationProblems.unsupportedQueueStatus
        }
        return try await review.queue(try PageRequest(query: request))
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        _ = try await request.decodeJSONOrEmpty(as: EmptyRequest.self, context: context)
        try await review.approve(try context.uuidParameter("id"), origin: context.origin)
        return .noContent
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let input = try await request.decodeJSON(as: VerificationRejectRequest.self, context: context)
        try await review.reject(try context.uuidParameter("id"), reason: input.reason, origin: context.origin)
        return .noContent
    }
}
