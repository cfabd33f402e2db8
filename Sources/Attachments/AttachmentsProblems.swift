import Contracts

enum AttachmentsProblems {
    static let unknownPurpose = Problem.validation([
        FieldProblem(field: "purpose", code: "unknown_purpose", message: "上传用途不正确"),
    ])

    static func tooLarge(limit: Int) -> Problem {
        Problem(
            status: 413, code: "attachment_too_large", title: "文件过大，请压缩后重新上传",
            detail: "at most \(limit) bytes for this purpose", extensions: ["maximumBytes": .int(limit)]
        )
    }

    static let unsupportedType = Problem(status: 415, code: "unsupported_file_type", title: "仅支持 JPG、PNG 图片或 PDF 文件")
    static let typeMismatch = Problem(status: 415, code: "file_type_mismatch", title: "文件内容与声明的类型不一致")
    static let empty = Problem(status: 400, code: "empty_file", title: "上传的文件为空")
    static let dailyLimit = Problem(status: 429, code: "upload_limit_reached", title: "今日上传次数已达上限，请明天再试", retryAfterSeconds: 3600)
    /// The attachments folder's file system is full: nothing of the upload was kept; an operator must
    /// make room (the warning line and `health_talent_storage_full_total` tell them).
    static let storageFull = Problem(status: 507, code: "storage_full", title: "服务器存储空间不足，文件未保存，请稍后重试")
    static let missingBlob = Problem(status: 500, code: "attachment_unavailable", title: "文件暂时无法读取，请稍后重试")
}
