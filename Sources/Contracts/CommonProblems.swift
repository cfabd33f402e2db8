import Foundation

/// The problems every module shares; module-specific ones live in the module's `*Problems.swift`.
extension Problem {

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

    // Codes more than one module answers with: one definition, so a client branches on one code.

    /// A candidate acting before their real name is verified.
    public static let verificationRequired = Problem(status: 403, code: "verification_required", title: "请先完成实名认证")

    /// An action the current status of a declaration or record does not allow; `currentStatus` tells the client where it stands.
    public static func invalidTransition(from status: some LabelledStatus) -> Problem {
        Problem(
            status: 409, code: "invalid_transition", title: "当前状态为“\(status.label)”，不能进行该操作",
            extensions: ["currentStatus": .string(status.rawValue)]
        )
    }
}

/// A status with a stable code and a Chinese label (a declaration's, a record's).
public protocol LabelledStatus: RawRepresentable, Sendable where RawValue == String {
    var label: String { get }
}

extension FieldProblem {
    /// Education dates in the wrong order, wherever a module takes them.
    public static func graduatedBeforeEnrolled(field: String = "education.graduatedOn") -> FieldProblem {
        FieldProblem(field: field, code: "before_enrolment", message: "毕业时间应晚于入学时间")
    }
}
