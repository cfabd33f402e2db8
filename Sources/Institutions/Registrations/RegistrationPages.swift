import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 机构注册审核 in the console: the registrations by status (waiting ones first), one with its licence,
/// approve (accepting a failed USCC check only when the administrator ticks it) or reject with a reason.
/// Through `RegistrationService`, like `/api/v1/admin/institution-registrations`.
struct RegistrationPages: Sendable {
    let registrations: RegistrationService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(registrations: RegistrationService, layout: ConsoleLayout) throws {
        self.registrations = registrations
        self.layout = layout
        templates = try ConsoleTemplates(RegistrationTemplates.all)
    }

    func register(on console: ConsoleRoutes) {
        let platform = console.platformAdmin
        platform.get(InstitutionsPaths.consoleRegistrations.route, use: queue)
        platform.get(InstitutionsPaths.consoleRegistration.route, use: show)
        platform.post(InstitutionsPaths.consoleApprove.route, use: approve)
        platform.post(InstitutionsPaths.consoleReject.route, use: reject)
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let filter = try RegistrationQueueFilter(query: request)
        let found = try await registrations.queue(filter.status, try PageRequest.consolePage(request))
        let model = RegistrationQueuePage(filter: filter, found: found)
        return layout.page("机构注册审核", body: templates.render("queue", model), context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await review(try context.uuidParameter("id"), context: context)
    }

    func review(_ id: UUID, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let registration = try await registrations.registration(id)
        let model = RegistrationReviewPage(registration, csrf: context.consoleCSRF ?? "", error: error)
        return layout.page("机构注册 · " + registration.details.name, body: templates.render("review", model), context: context, status: status)
    }

    private func decide(_ request: Request, context: AppRequestContext, _ decision: (UUID, FormBody) async throws -> Void) async throws -> Response {
        try await ConsoleAction.decide(request, context: context, queue: InstitutionsPaths.consoleRegistrations.link(), decision) { id, message, status in
            try await review(id, context: context, error: message, status: status)
        } waiting: {
            try await registrations.queue(.submitted, PageRequest(limit: 20)).items.map {
                ($0.registration.registrant, InstitutionsPaths.consoleRegistration.link($0.registration.id))
            }
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
}
