import Console
import Contracts

enum VerificationProblems {
    static let alreadyVerified = Problem(status: 409, code: "already_verified", title: "您已完成实名认证")
    static let underReview = Problem(status: 409, code: "verification_under_review", title: "实名认证正在人工审核中，如需修改请先撤回")
    static let numberTaken = Problem(status: 409, code: "document_already_verified", title: "该证件号码已被其他账号实名认证，如有疑问请联系管理员")
    static let notAwaitingScan = Problem(status: 409, code: "verification_not_awaiting_scan", title: "请先填写认证信息")
    static let nothingToWithdraw = Problem(status: 409, code: "nothing_to_withdraw", title: "当前没有可撤回的认证")
    static let verifiedCannotWithdraw = Problem(status: 409, code: "verified_cannot_withdraw", title: "已完成实名认证，不能撤回")
    static let notUnderReview = Problem(status: 409, code: "verification_not_under_review", title: "该认证不在待审核状态")
    static let photoUnavailable = Problem(status: 422, code: "attachment_not_found", title: "未找到上传的证件照片，请重新上传")
    static let serviceUnavailable = Problem(status: 503, code: "verification_service_unavailable", title: "证件核验服务暂时不可用，请稍后重试", retryAfterSeconds: 60)

    /// After five failed scans in six hours only manual review is offered (the guide: 扫描次数过多 … 人工审核).
    static let tooManyFailures = Problem(
        status: 429, code: "too_many_scan_failures", title: "扫描失败次数过多，请选择人工审核",
        retryAfterSeconds: 6 * 3600, extensions: ["suggestManual": .bool(true), "attemptsLeft": .int(0)]
    )

    /// Five "verified by another account" answers in six hours: the account is probing numbers.
    static let tooManyTakenNumbers = Problem(
        status: 429, code: "too_many_verification_starts", title: "认证信息提交过于频繁，请稍后再试", retryAfterSeconds: 6 * 3600
    )

    static let numberTriedTooOften = Problem(
        status: 429, code: "document_number_rate_limited", title: "该证件号码核验过于频繁，请稍后再试", retryAfterSeconds: 3600
    )

    static let invalidName = FieldProblem(field: "realName", code: "invalid_name", message: "请填写与证件一致的真实姓名")
    static let unknownDocumentType = FieldProblem(field: "documentType", code: "unknown_document_type", message: "请选择证件类型")
    static let unknownMethod = FieldProblem(field: "method", code: "unknown_method", message: "请选择认证方式")
    static let autoNotAvailable = FieldProblem(field: "method", code: "auto_not_available", message: "仅居民身份证支持自动核验，请选择人工审核")

    static func invalidDocumentNumber(_ message: String) -> FieldProblem {
        FieldProblem(field: "documentNumber", code: "invalid_document_number", message: message)
    }

    static func photoNotFound(_ field: String) -> FieldProblem {
        FieldProblem(field: field, code: "attachment_not_found", message: "未找到上传的证件照片，请重新上传")
    }

    static func wrongPhoto(_ field: String, front: Bool) -> FieldProblem {
        FieldProblem(field: field, code: "wrong_attachment_purpose", message: "请上传证件\(front ? "正面" : "反面")照片")
    }

    static let unsupportedQueueStatus = Problem.validation([
        FieldProblem(field: "status", code: "unsupported_status", message: "目前仅支持查询待审核(pending_review)的认证")
    ])

    static func mismatch(reason: String, attemptsLeft: Int) -> Problem {
        Problem(
            status: 422, code: "verification_mismatch", title: "认证未通过：\(reason)", detail: reason,
            extensions: ["attemptsLeft": .int(attemptsLeft), "suggestManual": .bool(attemptsLeft == 0)]
        )
    }

    // MARK: The candidates' pages (`/m/verification`): a photo chosen in the scan form

    /// The chosen file is not a JPEG or PNG image (what the camera gives).
    static func unreadablePhoto(_ field: String) -> FieldProblem {
        FieldProblem(field: field, code: "unsupported_photo", message: "请拍摄或选择 JPG、PNG 格式的证件照片")
    }

    /// The upload refused the photo (too large, the day's limit): its reason, next to the photo's field.
    static func refusedPhoto(_ field: String, _ problem: Problem) -> FieldProblem {
        FieldProblem(field: field, code: problem.code, message: problem.consoleMessage)
    }

    /// A problem the service found with a photo (named by the API's field), named by the form's field.
    static func photoField(_ problem: FieldProblem) -> FieldProblem {
        let field = switch problem.field {
        case "frontAttachmentId": "front"
        case "backAttachmentId": "back"
        default: problem.field
        }
        return FieldProblem(field: field, code: problem.code, message: problem.message)
    }
}
