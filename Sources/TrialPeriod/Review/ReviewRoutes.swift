import Contracts
import Hummingbird
import Web

/// The declaring unit's review: `/units/{id}/trial-applications…` on the `unitAdmin` group.
struct ReviewRoutes: Sendable {
    let reviews: ReviewService

    static let nameFilter = TextInput(field: "q", label: "姓名", maximumScalars: 50)

    func register(on routes: ModuleRoutes) {
        let unit = routes.unitAdmin("/units/:institutionId/trial-applications")
        unit.get("", use: list)
        unit.get("/:appId", use: show)
        unit.post("/:appId/approve", use: approve)
        unit.post("/:appId/return", use: returnToCandidate)
        unit.post("/:appId/allow-modification", use: allowModification)
        unit.post("/:appId/trial-institutions/:index/confirm", use: confirm)
    }

    private func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var filter = DeclarationStore.UnitFilter()
        var problems: [FieldProblem] = []
        if let text = parameters["cycle"] {
            if let year = Digits.integer(text), CycleInput.years.contains(year) { filter.cycle = year } else { problems.append(TrialPeriodProblems.unsupportedCycle) }
        }
        if let text = parameters["status"] {
            filter.status = ApplicationStatus(rawValue: String(text))
            if filter.status == nil || filter.status == .draft { problems.append(TrialPeriodProblems.unsupportedStatus) }
        }
        if let text = parameters["level"] {
            filter.level = ExamLevel(rawValue: String(text))
            if filter.level == nil { problems.append(TrialPeriodProblems.unsupportedLevelFilter) }
        }
        if let text = parameters["category"] {
            filter.category = ExamCategory(rawValue: String(text))
            if filter.category == nil { problems.append(TrialPeriodProblems.unsupportedCategoryFilter) }
        }
        filter.nameContaining = Self.nameFilter.optional(parameters["q"].map(String.init), into: &problems)
        let page = try PageRequest(query: request)
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let (items, counts) = try await reviews.list(try unit(context), filter, page: page)
        return UnitDeclarationPageResponse(
            items: items.items, nextCursor: items.nextCursor,
            counts: Dictionary(uniqueKeysWithValues: ApplicationStatus.allCases.filter { $0 != .draft }.map { ($0.rawValue, counts[$0] ?? 0) })
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
