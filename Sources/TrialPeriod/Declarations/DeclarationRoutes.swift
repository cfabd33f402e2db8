import Contracts
import Hummingbird
import Web

/// The candidate's declarations: `/trial/applications…`.
struct DeclarationRoutes: Sendable {
    let declarations: DeclarationService

    func register(on routes: ModuleRoutes) {
        let group = routes.authenticated
        group.get(DeclarationPaths.mine.route, use: mine)
        group.post(DeclarationPaths.mine.route, use: create)
        group.get(DeclarationPaths.one.route, use: show)
        group.put(DeclarationPaths.one.route, use: edit)
        group.post(DeclarationPaths.submit.route, use: submit)
        group.post(DeclarationPaths.withdraw.route, use: withdraw)
        group.get(DeclarationPaths.events.route, use: events)
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> DeclarationListResponse {
        DeclarationListResponse(items: try await declarations.mine(try context.requireCaller().accountID).map(DeclarationSummaryResponse.init))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<DeclarationResponse> {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(as: CreateDeclarationRequest.self, context: context)
        let view = try await declarations.create(body, by: caller, origin: context.origin)
        return EditedResponse(status: .created, response: DeclarationResponse(view))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        DeclarationResponse(try await declarations.view(try context.uuidParameter("id"), of: try context.requireCaller().accountID))
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        let body = try await request.decodeJSON(as: DeclarationEditRequest.self, context: context)
        return DeclarationResponse(try await declarations.edit(id, body, by: caller, origin: context.origin))
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        let body = try await request.decodeJSON(as: VersionRequest.self, context: context)
        return DeclarationResponse(try await declarations.submit(id, version: body.version, by: caller, origin: context.origin))
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> DeclarationResponse {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        let body = try await request.decodeJSONOrEmpty(as: VersionRequest.self, context: context)
        return DeclarationResponse(try await declarations.withdraw(id, version: body?.version, by: caller, origin: context.origin))
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> ProgressResponse {
        let events = try await declarations.progress(try context.uuidParameter("id"), of: try context.requireCaller().accountID)
        return ProgressResponse(items: events.map {
            ProgressEventResponse(at: $0.at, action: $0.action, fromStatus: $0.fromStatus, toStatus: $0.toStatus, actorRole: $0.actorRole.rawValue, reason: $0.reason)
        })
    }
}
