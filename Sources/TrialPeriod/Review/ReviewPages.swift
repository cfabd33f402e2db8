import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 试用期审核 in the console: the unit's list with filters and pages, a declaration with every field,
/// its attachments and progress, and the unit's actions — through `ReviewService`, like the JSON routes,
/// so the checks, transitions and audit events are the same.
struct ReviewPages: Sendable {
    let reviews: ReviewService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(reviews: ReviewService, layout: ConsoleLayout) throws {
        self.reviews = reviews
        self.layout = layout
        templates = try ConsoleTemplates(["list": Self.listTemplate, "detail": Self.detailTemplate])
    }

    func register(on console: ConsoleRoutes) {
        let unit = console.unit("")
        unit.get(ReviewPaths.consoleList.route, use: list)
        unit.get(ReviewPaths.consoleExport.route, use: export)
        unit.get(ReviewPaths.consoleDeclaration.route, use: show)
        unit.post(ReviewPaths.consoleApprove.route, use: approve)
        unit.post(ReviewPaths.consoleReturn.route, use: returnToCandidate)
        unit.post(ReviewPaths.consoleAllowModification.route, use: allowModification)
        unit.post(ReviewPaths.consoleUndoModification.route, use: undoModification)
        unit.post(ReviewPaths.consoleConfirm.route, use: confirm)
    }

    func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let filter = try ReviewFilter(query: request, consoleDefaults: true)
        let page = try PageRequest.consolePage(request)
        let (items, counts) = try await reviews.list(unit, filter, page: page)
        let model = ReviewListPage(
            unit: unit, unitName: try await reviews.unitName(unit), filter: filter, page: items, counts: counts,
            notice: await notice(request, unit: unit)
        )
        return layout.page("试用期审核", body: templates.render("list", model), context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        return try await detail(try context.uuidParameter("appId"), unit: unit, context: context, notice: await notice(request, unit: unit))
    }

    func detail(
        _ id: UUID, unit: InstitutionID, context: AppRequestContext, error: String? = nil, notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let view = try await reviews.view(id, of: unit)
        let model = ReviewDetailPage(
            view: view, unit: unit, events: try await reviews.progress(id, of: unit), files: try await reviews.attachmentSummaries(of: view.declaration),
            csrf: context.consoleCSRF ?? "", error: error, notice: notice
        )
        return layout.page("试用期申报 · " + model.name, body: templates.render("detail", model), context: context, status: status)
    }

    // MARK: Actions

    /// Runs an action; on success goes to the next declaration waiting for review (or the list) and says
    /// there what was done; on a refusal shows the declaration again with the reason.
    private func act(
        _ request: Request, context: AppRequestContext, done: Done, _ action: (UUID, InstitutionID, FormBody) async throws -> Void
    ) async throws -> Response {
        let unit = try unit(context)
        let id = try context.uuidParameter("appId")
        return try await ConsoleAction.run(request, context: context) { form in
            try await action(id, unit, form)
        } refused: { message, status in
            try await detail(id, unit: unit, context: context, error: message, status: status)
        } then: {
            var waiting = ReviewFilter()
            waiting.status = .submitted
            let next = try await reviews.list(unit, waiting, page: PageRequest(limit: 1)).0.items.first
            let notice = [("done", done.rawValue), ("of", id.pathSegment)]
            return next.map { ReviewPaths.declaration(unit: unit, id: $0.id, query: QueryString(notice)) }
                ?? ReviewPaths.list(unit: unit, query: QueryString([("status", DeclarationStatus.submitted.rawValue)] + notice))
        }
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context, done: .approved) { id, unit, _ in _ = try await reviews.approve(id, of: unit, origin: context.origin) }
    }

    @Sendable func returnToCandidate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context, done: .returned) { id, unit, form in
            _ = try await reviews.returnToCandidate(id, of: unit, reason: form["reason"] ?? "", origin: context.origin)
        }
    }

    @Sendable func allowModification(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context, done: .modificationAllowed) { id, unit, form in
            _ = try await reviews.allowModification(id, of: unit, reason: form["reason"] ?? "", origin: context.origin)
        }
    }

    /// Undoing 允许修改 stays on the declaration, which is approved again, and says so there.
    @Sendable func undoModification(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        let id = try context.uuidParameter("appId")
        return try await ConsoleAction.run(request, context: context) { _ in
            _ = try await reviews.undoModification(id, of: unit, origin: context.origin)
        } refused: { message, status in
            try await detail(id, unit: unit, context: context, error: message, status: status)
        } then: {
            ReviewPaths.declaration(unit: unit, id: id, query: QueryString([("done", Done.modificationUndone.rawValue), ("of", id.pathSegment)]))
        }
    }

    /// Confirming one previous institution stays on the declaration (the next step is usually approval).
    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        let id = try context.uuidParameter("appId")
        guard let text = context.parameters.get("index"), let index = Digits.integer(text), (0..<1000).contains(index) else { throw Problem.notFound }
        return try await ConsoleAction.run(request, context: context) { form in
            _ = try await reviews.confirm(id, of: unit, index: index, confirmed: form["confirmed"] == "true", note: form["note"], origin: context.origin)
        } refused: { message, status in
            try await detail(id, unit: unit, context: context, error: message, status: status)
        } then: {
            ReviewPaths.declaration(unit: unit, id: id)
        }
    }
}
