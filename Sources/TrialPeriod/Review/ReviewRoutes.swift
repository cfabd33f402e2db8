import Contracts
import Hummingbird
import Web

/// The declaring unit's review: `/units/{id}/trial-applications…` on the `unitAdmin` group.
struct ReviewRoutes: Sendable {
    let reviews: ReviewService

    func register(on routes: ModuleRoutes) {
        let unit = routes.unitAdmin("")
        unit.get(ReviewPaths.list.route, use: list)
        unit.get(ReviewPaths.declaration.route, use: show)
        unit.post(ReviewPaths.approve.route, use: approve)
        unit.post(ReviewPaths.returnToCandidate.route, use: returnToCandidate)
        unit.post(ReviewPaths.allowModification.route, use: allowModification)
        unit.post(ReviewPaths.undoModification.route, use: undoModification)
        unit.post(ReviewPaths.confirm.route, use: confirm)
    }

    private func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(query: request)
        let filter = try ReviewFilter(query: request)
        let (items, counts) = try await reviews.list(try unit(context), filter, page: page)
        return UnitDeclarationPageResponse(
            items: items.items, nextCursor: items.nextCursor,
            counts: Dictionary(uniqueKeysWithValues: DeclarationStatus.allCases.filter { $0 != .draft }.map { ($0.rawValue, counts[$0] ?? 0) })
        ).json().response()
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        DeclarationResponse(try await reviews.view(try context.uuidParameter("appId"), of: try unit(context)))
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        _ = try await request.decodeJSONOrEmpty(as: EmptyRequest.self, context: context)
        return DeclarationResponse(try await reviews.approve(try context.uuidParameter("appId"), of: try unit(context), origin: context.origin))
    }

    @Sendable func returnToCandidate(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        let body = try await request.decodeJSON(as: ReasonRequest.self, context: context)
        return DeclarationResponse(
            try await reviews.returnToCandidate(try context.uuidParameter("appId"), of: try unit(context), reason: body.reason, origin: context.origin)
        )
    }

    @Sendable func allowModification(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        let body = try await request.decodeJSON(as: ReasonRequest.self, context: context)
        return DeclarationResponse(
            try await reviews.allowModification(try context.uuidParameter("appId"), of: try unit(context), reason: body.reason, origin: context.origin)
        )
    }

    @Sendable func undoModification(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        _ = try await request.decodeJSONOrEmpty(as: EmptyRequest.self, context: context)
        return DeclarationResponse(try await reviews.undoModification(try context.uuidParameter("appId"), of: try unit(context), origin: context.origin))
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        // An index that is not a small whole number names no entry.
        guard let text = context.parameters.get("index"), let index = Digits.integer(text), (0..<1000).contains(index) else { throw Problem.notFound }
        let body = try await request.decodeJSON(as: ConfirmEntryRequest.self, context: context)
        return DeclarationResponse(
            try await reviews.confirm(
                try context.uuidParameter("appId"), of: try unit(context), index: index, confirmed: body.confirmed, note: body.note, origin: context.origin
            )
        )
    }
}
