import Contracts

/// Every problem the Confirmation module answers with.
enum ConfirmationProblems {
    static let verificationRequired = Problem(status: 403, code: "verification_required", title: "请先完成实名认证")
    static let versionConflict = Problem(status: 409, code: "version_conflict", title: "信息已有更新的版本，请刷新后重试")
    static let notEntered = Problem(status: 409, code: "not_entered", title: "工作单位尚未填报您的信息")
    static let unsupportedMediaType = Problem(status: 415, code: "unsupported_media_type", title: "请上传 UTF-8 编码的 CSV 文件(text/csv)")
    static let importTooLarge = Problem(status: 413, code: "payload_too_large", title: "导入文件过大")

    static func invalidTransition(from status: ExamRecordStatus) -> Problem {
        Problem(
            status: 409, code: "invalid_transition", title: "当前状态为“\(status.label)”，不能进行该操作",
            extensions: ["currentStatus": .string(status.rawValue)]
        )
    }

    static let invalidYear = FieldProblem(field: "year", code: "invalid_year", message: "年度应为2000到2999之间的整数")
    static let unsupportedStatus = FieldProblem(
        field: "status", code: "unsupported_status", message: "状态应为 not_entered、awaiting_confirmation、disputed 或 confirmed"
    )
    static let invalidVersion = FieldProblem(field: "version", code: "invalid_version", message: "版本号应为正整数")
    static let unknownPath = FieldProblem(field: "path", code: "unknown_path", message: "该字段不是当前信息中的证书附件")
    static let tooManyRows = FieldProblem(field: "body", code: "too_many_rows", message: "导入的行数超过上限")
    static let emptyImport = FieldProblem(field: "body", code: "empty", message: "CSV 文件没有数据行")
}
