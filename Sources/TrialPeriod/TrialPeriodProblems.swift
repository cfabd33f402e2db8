import Contracts

/// Every problem the TrialPeriod module answers with.
enum TrialPeriodProblems {
    static let employmentRequired = Problem(status: 403, code: "employment_required", title: "请先绑定工作单位")
    static let noOpenCycle = Problem(status: 404, code: "no_open_cycle", title: "当前不在试用期申报时间内")
    static let cycleClosed = Problem(status: 409, code: "cycle_closed", title: "本年度试用期申报已截止或尚未开始")
    static let reviewClosed = Problem(status: 409, code: "review_closed", title: "本年度单位审核已截止")
    static let cycleExists = Problem(status: 409, code: "cycle_exists", title: "该年度的考试周期已存在")
    static let declarationExists = Problem(status: 409, code: "application_exists", title: "本年度已有试用期申报，请在记录中查看")
    static let versionConflict = Problem(status: 409, code: "version_conflict", title: "申报已在别处修改，请刷新后重试")
    /// The candidate saved a change after the unit allowed modification: the reopening stands, and the
    /// way on is the candidate's resubmission (or the unit's review of it).
    static let modifiedSinceReopened = Problem(
        status: 409, code: "declaration_modified", title: "考生已修改申报，不能撤销“允许修改”：请等待考生重新提交后审核"
    )
    static let previousUnconfirmed = Problem(status: 409, code: "previous_institutions_unconfirmed", title: "请先确认考生填写的全部前试用机构")
    /// Every previous institution was decided, but one was refused: the declaration cannot be approved as
    /// it stands, and the way on is a return to the candidate (who corrects or removes the entry).
    static let previousRefused = Problem(
        status: 409, code: "previous_institution_refused",
        title: "有前试用机构未予确认，不能审核通过：请退回申报，由考生修改后重新提交"
    )


    static let noticeNotAcknowledged = FieldProblem(field: "noticeAcknowledged", code: "notice_not_acknowledged", message: "请阅读并确认申报须知")
    static let unknownLevel = FieldProblem(field: "level", code: "unknown_level", message: "请选择申报级别")
    static let unknownCategory = FieldProblem(field: "category", code: "unknown_category", message: "请选择申报类别")
    static let unknownSubtype = FieldProblem(field: "tcmSubtype", code: "unknown_tcm_subtype", message: "请选择中医类别")
    static let unsupportedStatus = FieldProblem(field: "status", code: "unsupported_status", message: "状态应为 draft、submitted、returned、approved 或 modification_allowed")
    static let unsupportedCycle = FieldProblem(field: "cycle", code: "invalid_cycle", message: "年度应为2000到2999之间的整数")
    static let unsupportedLevelFilter = FieldProblem(field: "level", code: "unknown_level", message: "申报级别应为 physician 或 assistant_physician")
    static let unsupportedCategoryFilter = FieldProblem(field: "category", code: "unknown_category", message: "申报类别不存在")

    static let closesBeforeOpens = FieldProblem(field: "closesAt", code: "out_of_order", message: "申报截止时间应晚于开始时间")
    static let reviewBeforeClose = FieldProblem(field: "reviewDeadline", code: "out_of_order", message: "单位审核截止时间不应早于申报截止时间")
    static let invalidTrialDeadline = FieldProblem(field: "trialCompletionDeadline", code: "invalid_date", message: "请填写正确的日期(YYYY-MM-DD)")
    static let trialMonthsOutOfRange = FieldProblem(field: "requiredTrialMonths", code: "out_of_range", message: "试用期月数应为1到120之间的整数")
    static let yearRequired = FieldProblem(field: "year", code: "required", message: "请填写考试年度")
    static let yearMismatch = FieldProblem(field: "year", code: "mismatch", message: "年度与地址中的年度不一致")
    static let refusalNoteRequired = FieldProblem(field: "note", code: "required", message: "不予确认时请说明原因")
    static let currentInstitution = Problem(status: 409, code: "current_institution", title: "现所在试用单位即本单位，无需确认")

    /// The console cycle form's own checks (field → message), each with code `invalid`.
    static func invalidForm(_ errors: [String: String]) -> Problem {
        Problem.validation(errors.map { FieldProblem(field: $0.key, code: "invalid", message: $0.value) })
    }
}

/// The candidate pages' own problems with a file chosen in a form (the upload's problems come from Attachments).
extension TrialPeriodProblems {
    static func unsupportedUpload(field: String) -> FieldProblem {
        FieldProblem(field: field, code: "unsupported_media_type", message: "只能上传 JPG、PNG 图片或 PDF 文件")
    }

    static func refusedUpload(field: String, _ problem: Problem) -> FieldProblem {
        FieldProblem(field: field, code: problem.code, message: ([problem.title] + problem.errors.map(\.message)).joined(separator: "："))
    }

    static func uploadsUnavailable(field: String) -> FieldProblem {
        FieldProblem(field: field, code: "uploads_unavailable", message: "暂时无法上传文件，请稍后重试")
    }
}

extension FieldProblem {
    /// A refusal about no field (a closed cycle, a version conflict), shown on top of the page's form.
    static func page(_ problem: Problem) -> FieldProblem {
        FieldProblem(field: "", code: problem.code, message: ([problem.title] + problem.errors.map(\.message)).joined(separator: "："))
    }

    /// The same problem about another field.
    func at(_ field: String) -> FieldProblem { FieldProblem(field: field, code: code, message: message) }
}
