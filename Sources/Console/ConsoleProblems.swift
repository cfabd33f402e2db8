import Contracts

/// The console's own refusals (forms and sessions); the modules' are theirs.
enum ConsoleProblems {
    /// A POST whose body is not a form (another content type, a malformed encoding or multipart body).
    static let notAForm = Problem(status: 400, code: "invalid_form", title: "表单内容无法识别，请从页面重新提交")

    /// A form body that does not decode after the middleware let it through.
    static let unreadableForm = Problem(status: 400, code: "invalid_form", title: "表单内容无法识别")

    /// A POST without the page's token: forged, or from a page older than the session.
    static let expired = Problem(status: 403, code: "csrf_failed", title: "页面已过期或来源不明，请刷新页面后重新提交")

    static let formTooLarge = Problem(status: 413, code: "form_too_large", title: "提交的内容过大")

    static let notMultipart = Problem(status: 415, code: "unsupported_media_type", title: "请通过页面上的表单上传文件")

    static let unreadableUpload = Problem(status: 400, code: "invalid_form", title: "上传内容无法识别")
}
