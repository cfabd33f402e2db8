import Contracts
import Hummingbird
import Web

/// The open cycle for candidates; every cycle for platform administrators.
struct CycleRoutes: Sendable {
    let cycles: CycleService

    func register(on routes: ModuleRoutes) {
        routes.authenticated.get(CyclePaths.current.route, use: current)
        routes.platformAdmin.get(CyclePaths.all.route, use: list)
        routes.platformAdmin.post(CyclePaths.all.route, use: create)
        routes.platformAdmin.put(CyclePaths.one.route, use: update)
    }

    @Sendable func current(_ request: Request, context: AppRequestContext) async throws -> CycleResponse {
        CycleResponse(try await cycles.current())
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> CycleListResponse {
        CycleListResponse(items: try await cycles.all().map(CycleResponse.init))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<CycleResponse> {
        let body = try await request.decodeJSON(as: CycleRequest.self, context: context)
        guard let year = body.year else {
            throw Problem.validation([TrialPeriodProblems.yearRequired])
        }
        let cycle = try await cycles.create(try body.validated(year: year), origin: context.origin)
        return EditedResponse(status: .created, response: CycleResponse(cycle))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> CycleResponse {
        // An unknown or out-of-range year in the path is a missing resource.
        guard let text = context.parameters.get("year"), let year = Digits.integer(text), CycleInput.years.contains(year) else { throw Problem.notFound }
        let body = try await request.decodeJSON(as: CycleRequest.self, context: context)
        if let stated = body.year, stated != year {
            throw Problem.validation([TrialPeriodProblems.yearMismatch])
        }
        return CycleResponse(try await cycles.update(try body.validated(year: year), origin: context.origin))
    }
}
