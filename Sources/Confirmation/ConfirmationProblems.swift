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
    static let ownRecordLine = FieldProblem(field: ImportColumns.documentNumber, code: "own_case", message: "不能导入本人的考试信息，请由本单位其他管理员填报")
    static let emptyImport = FieldProblem(field: "body", code: "empty", message: "CSV 文件没有数据行")

    // Records: disputes, attachments, versions.
    static func tooManyDisputedFields(maximum: Int) -> FieldProblem {
        FieldProblem(field: "fields", code: "too_many", message: "最多指出\(maximum)个字段")
    }
    static func unknownDisputedField(at offset: Int) -> FieldProblem {
        FieldProblem(field: "fields[\(offset)]", code: "unknown_field", message: "信息中没有该字段")
    }
    static let attachmentNotFound = FieldProblem(field: "attachmentId", code: "attachment_not_found", message: "未找到上传的附件，请重新上传")
    static func wrongAttachmentPurpose(_ purpose: AttachmentPurpose) -> FieldProblem {
        FieldProblem(field: "attachmentId", code: "wrong_attachment_purpose", message: "该附件不是“\(purpose.label)”")
    }
    static let invalidCompareTo = FieldProblem(field: "compareTo", code: "invalid_version", message: "版本号应为正整数")

    // The console's entry form.
    static func unsupportedPhoto(field: String) -> FieldProblem {
        FieldProblem(field: field, code: "unsupported_media_type", message: "照片应为 JPEG、PNG 或 PDF 文件")
    }
    /// The candidate's photo form sent without a file.
    static func photoRequired(field: String) -> FieldProblem {
        FieldProblem(field: field, code: "required", message: "请选择要上传的照片")
    }
    /// A photo the attachment store refused (too large, storage full …), next to its input.
    static func refusedPhoto(field: String, _ problem: Problem) -> FieldProblem {
        FieldProblem(field: field, code: problem.code, message: problem.title)
    }
    /// A number input of the form that is not a whole number (the form's one number is 学制).
    static func invalidNumber(formField field: String) -> FieldProblem {
        FieldProblem(field: field, code: "invalid_number", message: "学制应为整数年")
    }

    // The CSV import.
    static func invalidBoolean(field: String) -> FieldProblem {
        FieldProblem(field: field, code: "invalid_boolean", message: "应填写“是”或“否”")
    }
    static func invalidNumber(field: String) -> FieldProblem {
        FieldProblem(field: field, code: "invalid_number", message: "应填写整数")
    }
    static func tooManyRows(maximum: Int) -> FieldProblem {
        FieldProblem(field: "body", code: "too_many_rows", message: "每次最多导入\(maximum)行")
    }
    static let tooManyFields = FieldProblem(field: "line", code: "too_many_fields", message: "该行的列数多于表头")
    static let documentNumberRequired = FieldProblem(field: ImportColumns.documentNumber, code: "required", message: "请填写证件号码")
    static func duplicateDocumentNumber(firstOnLine line: Int) -> FieldProblem {
        FieldProblem(field: ImportColumns.documentNumber, code: "duplicate", message: "与第\(line)行的证件号码重复")
    }
    static let notStaff = FieldProblem(field: ImportColumns.documentNumber, code: "not_staff", message: "本单位没有该证件号码的已实名考生")
    static func unknownColumn(at index: Int, _ name: String) -> FieldProblem {
        FieldProblem(field: "header[\(index)]", code: "unknown_column", message: "未知的列“\(name.prefix(50))”")
    }
    static func duplicateColumn(at index: Int, _ name: String) -> FieldProblem {
        FieldProblem(field: "header[\(index)]", code: "duplicate_column", message: "列“\(name)”重复")
    }
    static let missingDocumentNumberColumn = FieldProblem(field: "header", code: "missing_column", message: "缺少证件号码列(证件号码或 documentNumber)")
}
