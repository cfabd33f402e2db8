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
