import Contracts
import Foundation
import Hummingbird
import Web

/// `/me/verification*` for candidates and `/admin/verifications*` for platform administrators.
struct VerificationRoutes: Sendable {
    let service: VerificationService

    func register(on routes: ModuleRoutes) {
        let me = routes.authenticated
        me.get("/me/verification", use: show)
        me.post("/me/verification", use: start)
        me.post("/me/verification/scan", use: scan)
        me.post("/me/verification/withdraw", use: withdraw)
        let admin = routes.platformAdmin
        admin.get("/verifications", use: queue)
        admin.post("/verifications/:id/approve", use: approve)
        admin.post("/verifications/:id/reject", use: reject)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> VerificationService.StatusView {
        try await service.status(of: try context.requireCaller().accountID)
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<VerificationService.StatusView> {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: VerificationService.Start.self, context: context)
        try await service.start(caller.accountID, input, origin: context.origin)
        return EditedResponse(status: .created, response: try await service.status(of: caller.accountID))
    }

    @Sendable func scan(_ request: Request, context: AppRequestContext) async throws -> VerificationService.StatusView {
        let caller = try context.requireCaller()
        let input = try await request.decodeJSON(as: VerificationService.Scan.self, context: context)
        _ = try await service.scan(caller.accountID, input, origin: context.origin)
        return try await service.status(of: caller.accountID)
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> VerificationService.StatusView {
        let caller = try context.requireCaller()
        try await service.withdraw(caller.accountID, origin: context.origin)
        return try await service.status(of: caller.accountID)
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> VerificationService.ReviewPage {
        let query = request.uri.queryParameters
        if let status = query["status"], status != "pending_review" {
            throw Problem.validation([FieldProblem(field: "status", code: "unsupported_status", message: "目前仅支持查询待审核(pending_review)的认证")])
        }
        // A limit that is present must be a whole number in range: `abc`, `1e3` or a huge number is an
        // error, not silently the default.
        var limit = 20
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...100).contains(value) else {
                throw Problem.validation([FieldProblem(field: "limit", code: "out_of_range", message: "每页数量应为1到100之间的整数")])
            }
            limit = value
        }
        var cursor: ReviewCursor?
        if let text = query["cursor"] {
            guard let decoded = ReviewCursor(encoded: String(text)) else {
                throw Problem.validation([FieldProblem(field: "cursor", code: "invalid_cursor", message: "分页参数无效")])
            }
            cursor = decoded
        }
        return try await service.reviewQueue(limit: limit, after: cursor)
    }

    struct RejectInput: StrictBody {
        static let fields: Set<String> = ["reason"]
        let reason: String
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        try await service.approve(try context.uuidParameter("id"), origin: context.origin)
        return .noContent
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let input = try await request.decodeJSON(as: RejectInput.self, context: context)
        try await service.reject(try context.uuidParameter("id"), reason: input.reason, origin: context.origin)
        return .noContent
    }
}

extension VerificationService.StatusView: ResponseEncodable {}
extension VerificationService.ReviewPage: ResponseEncodable {}
