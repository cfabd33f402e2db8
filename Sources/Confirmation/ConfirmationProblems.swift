import Contracts

/// Every problem the Confirmation module answers with.
enum ConfirmationProblems {
    static let versionConflict = Problem(status: 409, code: "version_conflict", title: "信息已有更新的版本，请刷新后重试")
    /// Another import of the same unit and year is being saved: this file was not saved at all.
    static let importInProgress = Problem(status: 409, code: "import_in_progress", title: "本单位该年度正在导入另一个文件，本文件未保存，请稍后重新导入")
    static let notEntered = Problem(status: 409, code: "not_entered", title: "工作单位尚未填报您的信息")
    static let unsupportedMediaType = Problem(status: 415, code: "unsupported_media_type", title: "请上传 UTF-8 编码的 CSV 文件(text/csv)")
    /// A unit administrator who is also one of the unit's candidates: their own record is entered
    /// and confirmed by two different people, as every other review is (same code as `Problem.ownCase`).
    static let ownRecord = Problem(status: 403, code: "own_case", title: "不能填报或确认本人的考试信息，请由本单位其他管理员填报")
    static let importTooLarge = Problem(status: 413, code: "payload_too_large", title: "导入文件过大")

    static func tooManyDisputes(retryAfter seconds: Int) -> Problem {
        Problem(status: 429, code: "too_many_disputes", title: "今日提出更正的次数已达上限，请明天再试", retryAfterSeconds: max(1, seconds))
    }


    static let invalidYear = FieldProblem(field: "year", code: "invalid_year", message: "年度应为2000到2999之间的整数")
    static let unsupportedStatus = FieldProblem(
        field: "status", code: "unsupported_status", message: "状态应为 not_entered、awaiting_confirmation、disputed 或 confirmed"
    )
    static let invalidVersion = FieldProblem(field: "version", code: "invalid_version", message: "版本号应为正整数")
    static let unknownPath = FieldProblem(field: "path", code: "unknown_path", message: "该字段不是当前信息中的证书附件")
    static let tooManyRows = FieldProblem(field: "body", code: "too_many_rows", message: "导入的行数超过上限")
    static let ownRecordLine = FieldProblem(field: ImportColumns.documentNumber, code: "own_case", message: "不能导入本人的考试信息，请由本单位其他管理员填报")
    static let emptyImport = FieldProblem(field: "body", code: "empty", message: "CSV 文件没有数据行")
}
