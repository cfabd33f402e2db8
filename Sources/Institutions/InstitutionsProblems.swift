import Contracts

/// Every problem the Institutions module answers with.
enum InstitutionsProblems {
    static let nameTaken = Problem(
        status: 409, code: "institution_name_taken", title: "该单位名称已存在，请直接搜索绑定", errors: [
            FieldProblem(field: "name", code: "taken", message: "已有同名单位"),
        ]
    )
    static let usccTaken = Problem(
        status: 409, code: "institution_uscc_taken", title: "该统一社会信用代码已被其他单位使用", errors: [
            FieldProblem(field: "uscc", code: "taken", message: "已有单位使用该统一社会信用代码"),
        ]
    )
    static let notBound = Problem(status: 409, code: "not_bound", title: "当前没有绑定工作单位")
    static let institutionNotFound = Problem.validation([
        FieldProblem(field: "institutionId", code: "institution_not_found", message: "未找到该单位，请重新搜索"),
    ])
    static let registrationNotSubmitted = Problem(status: 409, code: "registration_not_submitted", title: "该注册申请已处理")
    static let lastAdministrator = Problem(status: 409, code: "last_unit_admin", title: "单位至少需要保留一名管理员")
    static let notUnitStaff = Problem(
        status: 422, code: "not_unit_staff", title: "只能将已绑定本单位的人员设为管理员", errors: [
            FieldProblem(field: "accountId", code: "not_unit_staff", message: "该账号当前没有绑定本单位，请先让其绑定本单位"),
        ]
    )
    static let staffNotFound = Problem.notFound
    static let inactive = Problem(status: 409, code: "institution_inactive", title: "该单位已停用")

    static func wrongCode(attemptsLeft: Int) -> Problem {
        Problem(
            status: 422, code: "wrong_confirmation_code", title: "单位确认码不正确，请向单位负责人核实",
            errors: [FieldProblem(field: "confirmationCode", code: "wrong_code", message: "单位确认码不正确")],
            extensions: ["attemptsLeft": .int(attemptsLeft)]
        )
    }

    static func tooManyWrongCodes(retryAfter seconds: Int) -> Problem {
        Problem(
            status: 429, code: "too_many_wrong_codes", title: "单位确认码错误次数过多，请稍后再试",
            retryAfterSeconds: max(1, seconds), extensions: ["attemptsLeft": .int(0)]
        )
    }

    static let invalidUSCC = FieldProblem(field: "uscc", code: "invalid_uscc", message: "统一社会信用代码应为18位数字或大写字母(不含I、O、S、V、Z)")
    static let usccCheckFails = FieldProblem(field: "uscc", code: "uscc_check_failed", message: "统一社会信用代码校验位不正确，请核对")
    static let unknownCategory = FieldProblem(field: "category", code: "unknown_category", message: "请选择机构类别")
    static let unknownRegion = FieldProblem(field: "region", code: "unknown_region", message: "请选择所在地区")
    static let invalidContactPhone = FieldProblem(field: "contactPhone", code: "invalid_phone", message: "请输入正确的11位手机号码")
    static let licenceNotFound = FieldProblem(field: "licenceAttachmentId", code: "attachment_not_found", message: "未找到上传的执业许可证，请重新上传")
    static let wrongLicencePurpose = FieldProblem(field: "licenceAttachmentId", code: "wrong_attachment_purpose", message: "请上传医疗机构执业许可证")
    static let unsupportedStatus = Problem.validation([
        FieldProblem(field: "status", code: "unsupported_status", message: "状态应为 submitted、approved 或 rejected"),
    ])

    static let accountNotFound = Problem.validation([
        FieldProblem(field: "accountId", code: "account_not_found", message: "未找到该账号，或其尚未实名认证"),
    ])
    static let unknownStatus = Problem.validation([
        FieldProblem(field: "status", code: "unknown_status", message: "状态应为 active 或 inactive"),
    ])
    /// The console's import without a file.
    /// The licence photo chosen on the candidates' registration page could not be stored (type, size,
    /// the day's upload limit): the upload's own reason, beside the file input.
    static func refusedLicence(_ problem: Problem) -> FieldProblem {
        FieldProblem(field: "licenceAttachmentId", code: problem.code, message: problem.title)
    }
    static let unreadableLicence = FieldProblem(field: "licenceAttachmentId", code: "unsupported_media_type", message: "请上传 JPG、PNG 图片或 PDF 文件")
    static let noImportFile = Problem.validation([FieldProblem(field: "file", code: "invalid_file", message: "请选择要导入的 CSV 文件")])

    // MARK: An import's header line

    static func duplicateColumn(at index: Int, _ name: String) -> FieldProblem {
        FieldProblem(field: "header[\(index)]", code: "duplicate_column", message: "列“\(name)”重复")
    }

    static func unknownColumn(at index: Int, _ name: String) -> FieldProblem {
        FieldProblem(field: "header[\(index)]", code: "unknown_column", message: "未知的列“\(name.prefix(50))”")
    }

    static func missingColumn(_ label: String) -> FieldProblem {
        FieldProblem(field: "header", code: "missing_column", message: "缺少“\(label)”列")
    }
}
