import Contracts

/// Problems the Identity endpoints answer with. Codes are stable; titles are shown to candidates.
enum IdentityProblems {
    static let wechatCodeInvalid = Problem(status: 401, code: "wechat_code_invalid", title: "微信登录凭证无效或已过期，请重新登录")
    static let wechatRateLimited = Problem(status: 429, code: "wechat_rate_limited", title: "微信登录过于频繁，请稍后再试", retryAfterSeconds: 60)
    static let wechatLoginRefused = Problem(status: 403, code: "wechat_login_refused", title: "微信判定当前账号存在风险，暂无法登录，请使用手机快捷登录")
    static let consoleRefused = Problem(status: 403, code: "console_refused", title: "该手机号不是单位管理员或平台管理员，不能登录管理端")
    static let upstreamUnavailable = Problem(status: 503, code: "upstream_unavailable", title: "外部服务暂时不可用，请稍后重试", retryAfterSeconds: 30)

    static func invalidPhoneField(_ field: String = "phone") -> FieldProblem {
        FieldProblem(field: field, code: "invalid_phone", message: "请输入正确的11位手机号码")
    }

    static func invalidPhone(field: String = "phone") -> Problem {
        .validation([invalidPhoneField(field)])
    }

    static func invalidCodeField() -> FieldProblem {
        FieldProblem(field: "code", code: "invalid_code", message: "验证码为6位数字")
    }

    static let invalidCodeFormat = Problem.validation([invalidCodeField()])

    /// A `wx.login` code is short printable ASCII; anything else cannot be one.
    static let invalidWeChatCode = Problem.validation([FieldProblem(field: "code", code: "invalid_code", message: "微信登录凭证无效")])

    static func unknownEthnicity() -> FieldProblem {
        FieldProblem(field: "ethnicity", code: "unknown_ethnicity", message: "请从列表中选择民族")
    }

    static func unknownGender() -> FieldProblem {
        FieldProblem(field: "gender", code: "unknown_gender", message: "性别应为 male（男）或 female（女）")
    }

    /// The verified document (居民身份证, 居住证) states the gender: nothing to enter.
    static func genderFromDocument() -> FieldProblem {
        FieldProblem(field: "gender", code: "gender_from_document", message: "您的证件已载明性别，无需填写")
    }

    /// Entered once: a correction goes through the platform's administrators.
    static func genderAlreadySet() -> FieldProblem {
        FieldProblem(field: "gender", code: "gender_already_set", message: "性别已填写，不能修改")
    }

    static func invalidEmail() -> FieldProblem {
        FieldProblem(field: "email", code: "invalid_email", message: "请输入正确的电子邮箱")
    }

    static func smsCodeWrong(attemptsLeft: Int) -> Problem {
        Problem(
            status: 401, code: "sms_code_invalid", title: "验证码错误",
            extensions: ["attemptsLeft": .int(attemptsLeft)]
        )
    }

    static let smsCodeExpired = Problem(status: 401, code: "sms_code_expired", title: "验证码已失效，请重新获取")

    static func smsTooFrequent(retryAfter seconds: Int, scope: String) -> Problem {
        Problem(
            status: 429, code: "sms_rate_limited", title: "验证码发送过于频繁，请稍后再试",
            retryAfterSeconds: max(1, seconds), extensions: ["limit": .string(scope)]
        )
    }

    static let smsRejectedNumber = Problem(status: 422, code: "sms_number_rejected", title: "该手机号码无法接收短信，请检查后重试")

    static let phoneTaken = Problem(status: 409, code: "phone_already_bound", title: "该手机号已绑定其他账号")
    /// 409: the request is fine; the address book is full (delete one first).
    static let tooManyAddresses = Problem(status: 409, code: "too_many_addresses", title: "地址数量已达上限（20个），请先删除不用的地址")
}
