import Contracts
import Web

// Submission: the cycle's eligibility table (ADR 0020) decides, from the education level, study form,
// enrolment date, exam level and route, whether the declaration may be submitted.
extension DeclarationRules {
    /// The refusals of the eligibility table, each at the JSON path that decides it, with the rule in
    /// Chinese. Missing inputs are left to the completeness checks (`required`).
    static func eligibilityProblems(_ content: DeclarationContent, cycle: Cycle) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let table = cycle.eligibility
        let route = content.route
        let upgrade = route == .assistantUpgrade ? content.assistantUpgrade : nil

        if let upgrade, let qualification = upgrade.qualificationCategory, qualification != content.category {
            problems.append(FieldProblem(
                field: "assistantUpgrade.qualificationCategory", code: "qualification_category_mismatch",
                message: "执业助理医师资格类别(\(qualification.label))须与申报类别(\(content.category.label))一致"
            ))
        }

        let education = content.education
        guard let level = education.level else { return problems }
        guard let row = table.route(content.level, route, education: level) else {
            let allowed = table.routes(content.level, route).flatMap(\.educationLevels)
            let rule = allowed.isEmpty
                ? "本年度不接受\(content.level.label)（\(route.label)）的申报"
                : "报考\(content.level.label)（\(route.label)）须具有以下学历之一：\(EducationLevel.allCases.filter(allowed.contains).map(\.label).joined(separator: "、"))"
            problems.append(FieldProblem(field: "education.level", code: "education_not_eligible", message: rule))
            return problems
        }

        if let form = education.studyForm, let enrolled = education.enrolledOn,
           let limit = table.studyFormLimit(form, education: level, level: content.level), limit.enrolledOnOrBefore < enrolled {
            // The exemption: an assistant of the same category before enrolling, declaring 执业医师.
            let exempt = limit.exemptIfAssistantQualifiedBefore && content.level == .physician
                && upgrade?.qualificationCategory == content.category && upgrade?.qualifiedOn.map { $0 <= enrolled } == true
            if !exempt {
                let exception = limit.exemptIfAssistantQualifiedBefore && content.level == .physician
                    ? "；入学前已取得同类别执业助理医师资格的，请在执业助理医师报考执业医师中填写取得资格时间" : ""
                problems.append(FieldProblem(
                    field: "education.enrolledOn", code: "study_form_not_eligible",
                    message: "\(form.label)的\(level.label)学历须于\(limit.enrolledOnOrBefore)及以前入学，方可作为报考\(content.level.label)的学历依据\(exception)"
                ))
            }
        }

        if let upgrade, let years = row.practiceYears, let registered = upgrade.practiceRegisteredOn {
            // Full years to the completion deadline: 2 years to 2026-08-31 need a registration on or before 2024-09-01.
            let latest = cycle.trialCompletionDeadline.next.adding(months: -12 * years)
            if latest.map({ latest in registered > latest }) ?? true {
                problems.append(FieldProblem(
                    field: "assistantUpgrade.practiceRegisteredOn", code: "insufficient_practice_time",
                    message: "\(level.label)学历报考执业医师，须自执业助理医师执业注册起至\(cycle.trialCompletionDeadline)满\(years)年"
                        + (latest.map { "（\($0)及以前注册）" } ?? "")
                ))
            }
        }
        return problems
    }
}
