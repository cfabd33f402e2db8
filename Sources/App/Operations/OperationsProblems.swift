import Contracts

/// The operations pages' refusals.
enum OperationsProblems {
    static let invalidYear = Problem.validation([FieldProblem(field: "year", code: "invalid_year", message: "年度应为 2000–2999 的整数")])
    static let noYearColumn = Problem.validation([
        FieldProblem(field: "year", code: "no_year_column", message: "该视图没有年度列，不能按年度导出"),
    ])
    static let invalidAccount = Problem.validation([FieldProblem(field: "actor", code: "invalid_account", message: "操作人应为账号编号（UUID）")])
}
