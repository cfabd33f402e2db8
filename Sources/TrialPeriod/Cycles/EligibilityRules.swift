import Contracts
import Web

/// The checks of an eligibility table an administrator sends with a cycle: every problem at once, at
/// its JSON path under `eligibility` (unknown codes, impossible values, ambiguous rows).
enum EligibilityRules {
    static let maximumRows = 20
    static let practiceYears = 1...20

    /// The table, or nil with its problems appended to `problems`.
    static func table(_ body: EligibilityBody, into problems: inout [FieldProblem]) -> EligibilityTable? {
        let before = problems.count
        func problem(_ field: String, _ code: String, _ message: String) {
            problems.append(FieldProblem(field: "eligibility.\(field)", code: code, message: message))
        }
        func codes<Code: RawRepresentable>(
            _ raw: [String], _ path: String, _ code: String, _ label: String, as type: Code.Type
        ) -> [Code] where Code.RawValue == String {
            if raw.isEmpty { problem(path, "required", "请至少选择一项\(label)") }
            var seen: Set<String> = []
            var known: [Code] = []
            for (index, text) in raw.enumerated() {
                guard let value = Code(rawValue: text) else {
                    problem("\(path)[\(index)]", code, "\(label)代码不存在")
                    continue
                }
                if !seen.insert(text).inserted { problem("\(path)[\(index)]", "duplicate", "\(label)重复") }
                known.append(value)
            }
            return known
        }

        if body.routes.isEmpty { problem("routes", "required", "请至少填写一条报考条件") }
        if body.routes.count > maximumRows { problem("routes", "too_many", "报考条件最多\(maximumRows)条") }
        var routes: [EligibilityTable.Route] = []
        var decided: [String: Int] = [:]  // "level route education" → the row that decides it
        for (index, row) in body.routes.prefix(maximumRows).enumerated() {
            let path = "routes[\(index)]"
            let level = ExamLevel(rawValue: row.examLevel)
            if level == nil { problem("\(path).examLevel", "unknown_level", "申报级别应为 physician 或 assistant_physician") }
            let route = ExamRoute(rawValue: row.route)
            if route == nil { problem("\(path).route", "unknown_route", "报考途径应为 trial 或 assistant_upgrade") }
            if level == .assistantPhysician && route == .assistantUpgrade {
                problem("\(path).route", "physician_only", "执业助理医师报考执业医师的途径只适用于执业医师级别")
            }
            switch (route, row.practiceYears) {
            case (.assistantUpgrade?, nil):
                problem("\(path).practiceYears", "required", "请填写执业助理医师执业注册后须满的年数")
            case (.assistantUpgrade?, let years?) where !practiceYears.contains(years):
                problem("\(path).practiceYears", "out_of_range", "执业年数应为\(practiceYears.lowerBound)到\(practiceYears.upperBound)之间的整数")
            case (.trial?, _?):
                problem("\(path).practiceYears", "not_applicable", "试用期途径不设执业年数")
            default: break
            }
            let levels = codes(row.educationLevels, "\(path).educationLevels", "unknown_education_level", "学历", as: EducationLevel.self)
            if let level, let route {
                for (position, education) in row.educationLevels.enumerated() where EducationLevel(rawValue: education) != nil {
                    let key = "\(level.rawValue) \(route.rawValue) \(education)"
                    if let other = decided[key], other != index {
                        problem("\(path).educationLevels[\(position)]", "duplicate", "该学历在第\(other + 1)条报考条件中已列出")
                    }
                    decided[key] = decided[key] ?? index
                }
                routes.append(EligibilityTable.Route(
                    examLevel: level, route: route, educationLevels: levels, practiceYears: route == .assistantUpgrade ? row.practiceYears : nil,
                    transitional: row.transitional ?? false
                ))
            }
        }

        if body.studyFormLimits.count > maximumRows { problem("studyFormLimits", "too_many", "学习形式限制最多\(maximumRows)条") }
        var limits: [EligibilityTable.StudyFormLimit] = []
        for (index, row) in body.studyFormLimits.prefix(maximumRows).enumerated() {
            let path = "studyFormLimits[\(index)]"
            let education = codes(row.educationLevels, "\(path).educationLevels", "unknown_education_level", "学历", as: EducationLevel.self)
            let forms = codes(row.studyForms, "\(path).studyForms", "unknown_study_form", "学习形式", as: StudyForm.self)
            let levels = codes(row.examLevels, "\(path).examLevels", "unknown_level", "申报级别", as: ExamLevel.self)
            guard let date = CalendarDate(row.enrolledOnOrBefore) else {
                problem("\(path).enrolledOnOrBefore", "invalid_date", "请填写正确的日期(YYYY-MM-DD)")
                continue
            }
            limits.append(EligibilityTable.StudyFormLimit(
                educationLevels: education, studyForms: forms, examLevels: levels, enrolledOnOrBefore: date,
                exemptIfAssistantQualifiedBefore: row.exemptIfAssistantQualifiedBefore ?? false
            ))
        }

        let allowance = UnfinishedTrialAllowance(rawValue: body.unfinishedTrialAllowedFor)
        if allowance == nil { problem("unfinishedTrialAllowedFor", "unknown_allowance", "应为 fresh_graduates 或 everyone") }
        guard problems.count == before, let allowance else { return nil }
        return EligibilityTable(
            routes: routes, transitionalProvision: body.transitionalProvision, studyFormLimits: limits, unfinishedTrialAllowedFor: allowance
        )
    }
}
