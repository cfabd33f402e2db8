import Contracts
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1

/// Turns every error into a problem document. Known errors become their problem; an unexpected one
/// becomes a 500 that shows nothing of its cause, which is logged instead under the request id.
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    /// Maps errors of lower layers (the database, outside services) that Web does not know about.
    public typealias Translator = @Sendable (any Error) -> Problem?

    let routes: RouteTable
    let translate: Translator
    let metrics: RequestMetrics

    public init(routes: RouteTable, translate: @escaping Translator = { _ in nil }, metrics: RequestMetrics = .none) {
        self.routes = routes
        self.translate = translate
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = problem(for: error, request: request, context: context)
            var response = problem.response(requestID: context.requestID)
            if problem.status == 401 {
                response.headers[.wwwAuthenticate] = "Bearer"
            }
            if problem.status == 429 {
                // Every limit answers 429 with its own code: the code names the limit.
                metrics.rateLimited(problem.code)
            }
            if problem.status == 405 {
                let allowed = routes.methods(matching: request.uri.path).map(\.rawValue).joined(separator: ", ")
                response.headers[.allow] = allowed
            }
            return response
        }
    }

    func problem(for error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as any HTTPResponseError:
            // Hummingbird's router answers an unmatched path 404 even when another method would match.
            if error.status == .notFound, context.endpointPath == "NotFound",
               !routes.methods(matching: request.uri.path).isEmpty {
                return Problem(status: 405, code: "method_not_allowed", title: "不支持该请求方法")
            }
            // Includes the body limit (413) and Hummingbird's own HTTPErrors.
            return Self.problem(forStatus: error.status)
        case let error as DecodingError:
            return Self.problem(for: error)
        case let error as HTTPParserError:
            // The client sent something that is not HTTP (a bad chunk size, an unknown transfer coding):
            // its mistake, not ours, so no error-level line. The connection closes after the answer.
            context.logger.info("malformed HTTP request", metadata: ["parser_error": "\(error)"])
            return .badRequest(code: "malformed_request", title: "请求格式不正确")
        default:
            if let problem = translate(error) { return problem }
            // Error descriptions in this code base carry no secrets (PostgresError leaves out row values).
            context.logger.error(
                "unexpected error",
                metadata: ["error_type": "\(String(reflecting: type(of: error)))", "error": "\(error)"]
            )
            return .internalError
        }
    }

    static func problem(forStatus status: HTTPResponse.Status) -> Problem {
        switch status.code {
        case 400: .badRequest()
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 408: Problem(status: 408, code: "request_timeout", title: "请求超时，请重试")
        case 413: Problem(status: 413, code: "payload_too_large", title: "提交的内容过大")
        case 415: Problem(status: 415, code: "unsupported_media_type", title: "不支持的内容类型")
        case 429: Problem(status: 429, code: "too_many_requests", title: "操作过于频繁，请稍后再试")
        case 503: .serviceUnavailable
        case 400..<500: Problem(status: Int(status.code), code: "client_error", title: "请求无法处理")
        default: .internalError
        }
    }

    /// A body that is not JSON at all is a 400; JSON of the wrong shape is a 422 naming the field.
    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest(code: "malformed_json", title: "请求内容不是有效的 JSON")
        case .dataCorrupted(let context):
            return .validation([FieldProblem(field: path(context.codingPath), code: "invalid", message: "格式不正确")])
        case .keyNotFound(let key, let context):
            return .validation([FieldProblem(field: path(context.codingPath + [key]), code: "required", message: "必填项")])
        case .valueNotFound(_, let context):
            return .validation([FieldProblem(field: path(context.codingPath), code: "required", message: "必填项")])
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return .badRequest(code: "malformed_json", title: "请求内容应为 JSON 对象")
        case .typeMismatch(_, let context):
            return .validation([FieldProblem(field: path(context.codingPath), code: "type_mismatch", message: "类型不正确")])
        @unknown default:
            return .badRequest(code: "malformed_json", title: "请求内容不是有效的 JSON")
        }
    }
}
