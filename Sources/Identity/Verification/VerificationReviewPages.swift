import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 实名认证人工审核 in the console: the queue, one verification with its document photos beside the
/// name and number the candidate entered, approve or reject with a reason, then the next one. Through
/// `VerificationReviewService`, like `/api/v1/admin/verifications`: nobody decides their own case, and
/// the events are the same.
struct VerificationReviewPages: Sendable {
    let reviews: VerificationReviewService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(reviews: VerificationReviewService, layout: ConsoleLayout) throws {
        self.reviews = reviews
        self.layout = layout
        templates = try ConsoleTemplates(VerificationReviewTemplates.all)
    }

    func register(on console: ConsoleRoutes) {
        let group = console.platformAdmin
        group.get(IdentityPaths.reviewQueue.route, use: queue)
        group.get(IdentityPaths.review.route, use: show)
        group.post(IdentityPaths.reviewApprove.route, use: approve)
        group.post(IdentityPaths.reviewReject.route, use: reject)
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let found = try await reviews.queue(try PageRequest.consolePage(request))
        return layout.page("实名认证人工审核", body: templates.render("queue", VerificationQueuePageModel(found)), context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await review(try context.uuidParameter("id"), context: context)
    }

    func review(_ id: UUID, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let verification = try await reviews.waiting(id)
        let model = VerificationReviewPageModel(verification, csrf: context.consoleCSRF ?? "", error: error)
        return layout.page("实名认证审核 · " + verification.realName, body: templates.render("review", model), context: context, status: status)
    }

    private func decide(_ request: Request, context: AppRequestContext, _ decision: (UUID, FormBody) async throws -> Void) async throws -> Response {
        try await ConsoleAction.decide(request, context: context, queue: IdentityPaths.reviewQueue.link(), decision) { id, message, status in
            try await review(id, context: context, error: message, status: status)
        } waiting: {
            try await reviews.queue(PageRequest(limit: 20)).items.map { ($0.verification.account, IdentityPaths.review.link($0.verification.id)) }
        }
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(request, context: context) { id, _ in try await reviews.approve(id, origin: context.origin) }
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(request, context: context) { id, form in try await reviews.reject(id, reason: form["reason"] ?? "", origin: context.origin) }
    }
}
