import Contracts

/// Every problem the TrialPeriod module answers with.
enum TrialPeriodProblems {
    static let employmentRequired = Problem(status: 403, code: "employment_required", title: "请先绑定工作单位")
    static let noOpenCycle = Problem(status: 404, code: "no_open_cycle", title: "当前不在试用期申报时间内")
    static let cycleClosed = Problem(status: 409, code: "cycle_closed", title: "本年度试用期申报已截止或尚未开始")
    static let reviewClosed = Problem(status: 409, code: "review_closed", title: "本年度单位审核已截止")
    static let cycleExists = Problem(status: 409, code: "cycle_exists", title: "该年度的考试周期已存在")
    static let applicationExists = Problem(status: 409, code: "application_exists", title: "本年度已有试用期申报，请在记录中查看")
    static let versionConflict = Problem(status: 409, code: "version_conflict", title: "申报已在别处修改，请刷新后重试")
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
}
