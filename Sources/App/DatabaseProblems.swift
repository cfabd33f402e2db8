import Contracts
import Postgres

/// How database failures that reach the HTTP layer look to clients. Feature modules map the failures
/// they expect (a unique violation on their own constraint, say) to their own problems first.
enum DatabaseProblems {
    static func translate(_ error: any Error) -> Problem? {
        guard let error = error as? PostgresError else { return nil }
        if error.kind == .invalidParameter {
            // Request decoding refuses NUL first; this is the last line, should any text bypass it.
            return Problem(status: 422, code: "nul_character", title: "提交的内容不能包含空字符")
        }
        if error.isUnavailable {
            return Problem(status: 503, code: "database_unavailable", title: "服务繁忙，请稍后重试", retryAfterSeconds: 5)
        }
        if error.isRetryable {
            return Problem(status: 503, code: "database_busy", title: "服务繁忙，请稍后重试", retryAfterSeconds: 1)
        }
        if error.sqlState == "57014" {  // statement_timeout
            return Problem(status: 503, code: "database_timeout", title: "服务繁忙，请稍后重试", retryAfterSeconds: 5)
        }
        return nil
    }
}
