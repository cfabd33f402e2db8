/// A failure a client can act on, rendered as RFC 9457 `application/problem+json`. Feature modules throw
/// these (or domain errors translated into them); the `title` is Chinese so the mini-program can show it
/// as is, and `code` is a stable English identifier clients may branch on.
public struct Problem: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var title: String
    public var detail: String?
    /// Field-level problems of a validation failure.
    public var errors: [FieldProblem]
    /// Seconds after which a rate-limited request may be retried (`Retry-After`).
    public var retryAfterSeconds: Int?
    /// Extra members a client needs, e.g. `attemptsLeft`.
    public var extensions: [String: ProblemValue]

    public init(
        status: Int, code: String, title: String, detail: String? = nil, errors: [FieldProblem] = [],
        retryAfterSeconds: Int? = nil, extensions: [String: ProblemValue] = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
        self.retryAfterSeconds = retryAfterSeconds
        self.extensions = extensions
    }
}

/// One invalid field: `field` is a JSON path such as `addresses[0].phone`.
public struct FieldProblem: Sendable, Equatable, Codable {
    public var field: String
    public var code: String
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

public enum ProblemValue: Sendable, Equatable, Codable {
    case string(String)
    case int(Int)
    case bool(Bool)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}

extension Problem {
    // The problems every module shares. Module-specific ones live with their module.

    public static func badRequest(code: String = "bad_request", title: String = "请求格式不正确", detail: String? = nil) -> Problem {
        Problem(status: 400, code: code, title: title, detail: detail)
    }

    public static func validation(_ errors: [FieldProblem]) -> Problem {
        Problem(status: 422, code: "validation_failed", title: "提交的信息有误，请检查后重试", errors: errors)
    }

    public static let unauthorized = Problem(status: 401, code: "unauthorized", title: "请先登录")
    public static let forbidden = Problem(status: 403, code: "forbidden", title: "没有权限执行此操作")
    public static let notFound = Problem(status: 404, code: "not_found", title: "未找到请求的资源")
    /// A reviewer (platform or unit administrator) acting on their own verification, declaration or record.
    public static let ownCase = Problem(status: 403, code: "own_case", title: "不能审核本人提交的申请")
    public static let conflict = Problem(status: 409, code: "conflict", title: "数据已被修改，请刷新后重试")
    public static let serviceUnavailable = Problem(status: 503, code: "service_unavailable", title: "服务暂时不可用，请稍后重试")
    public static let internalError = Problem(status: 500, code: "internal_error", title: "服务器内部错误，请稍后重试")
}
