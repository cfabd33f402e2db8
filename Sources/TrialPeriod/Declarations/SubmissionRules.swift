import Contracts
import Foundation
import Web

// Submission: completeness and consistency, every problem at once by JSON path.
extension DeclarationRules {
    /// Everything that must hold for the unit to review it; empty when it may be submitted.
    static func submissionProblems(
        _ content: DeclarationContent, applicant: VerifiedIdentity, unitName: String, cycle: Cycle, today: CalendarDate
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func require(_ value: Any?, _ field: String, _ label: String) {
            if value == nil { problems.append(FieldProblem(field: field, code: "required", message: "请填写\(label)")) }
        }

        if applicant.ethnicity == nil {
            problems.append(FieldProblem(field: "applicant.ethnicity", code: "required", message: "请先在个人信息中填写民族"))
        }
        if !content.category.allowed(at: content.level) { problems.append(ruralAtPhysician) }
        if content.category == .tcm && content.tcmSubtype == nil {
            problems.append(FieldProblem(field: "tcmSubtype", code: "required", message: "中医类别请选择具体类别"))
        } else if content.category != .tcm && content.tcmSubtype != nil {
            problems.append(FieldProblem(field: "tcmSubtype", code: "not_applicable", message: "只有中医类别需要选择中医类别"))
        }

        let education = content.education
        require(education.level, "education.level", "学历")
        require(education.studyForm, "education.studyForm", "学习形式")
        require(education.school, "education.school", "毕业学校")
        require(education.major, "education.major", "所学专业")
        require(education.enrolledOn, "education.enrolledOn", "入学时间")
        require(education.graduatedOn, "education.graduatedOn", "毕业时间")
        require(education.diplomaNumber, "education.diplomaNumber", "毕业证书编号")
        if let enrolled = education.enrolledOn, let graduated = education.graduatedOn, !(enrolled < graduated) {
            problems.append(.graduatedBeforeEnrolled())
        }
        if let graduated = education.graduatedOn, today < graduated {
            problems.append(FieldProblem(field: "education.graduatedOn", code: "in_future", message: "毕业时间不能晚于今天"))
        }

        if let upgrade = content.assistantUpgrade {
            if content.level != .physician {
                problems.append(FieldProblem(field: "assistantUpgrade", code: "physician_only", message: "执业助理医师报考执业医师时才需填写此项"))
            }
            require(upgrade.qualificationCertificateNumber, "assistantUpgrade.qualificationCertificateNumber", "医师资格证书编号")
            require(upgrade.practiceCertificateNumber, "assistantUpgrade.practiceCertificateNumber", "医师执业证书编号")
            require(upgrade.practiceRegisteredOn, "assistantUpgrade.practiceRegisteredOn", "执业助理医师首次执业注册时间")
            require(upgrade.qualificationCategory, "assistantUpgrade.qualificationCategory", "执业助理医师资格类别")
            if let registered = upgrade.practiceRegisteredOn, today < registered {
                problems.append(FieldProblem(field: "assistantUpgrade.practiceRegisteredOn", code: "in_future", message: "执业注册时间不能晚于今天"))
            }
            if let qualified = upgrade.qualifiedOn, today < qualified {
                problems.append(FieldProblem(field: "assistantUpgrade.qualifiedOn", code: "in_future", message: "取得资格时间不能晚于今天"))
            }
            if let qualified = upgrade.qualifiedOn, let registered = upgrade.practiceRegisteredOn, registered < qualified {
                problems.append(FieldProblem(
                    field: "assistantUpgrade.practiceRegisteredOn", code: "out_of_order", message: "执业注册时间不能早于取得执业助理医师资格的时间"
                ))
            }
        }
        problems += eligibilityProblems(content, cycle: cycle)

        problems += trialProblems(
            content.trialInstitutions, unitName: unitName, cycle: cycle, today: today,
            // The upgrade route is decided by the practice years, not by the trial year.
            time: content.route == .trial ? TrialTime(graduatedOn: education.graduatedOn, freshGraduate: content.freshGraduate) : nil
        )

        let purposes = content.attachments.map(\.purpose)
        func count(_ purpose: DeclarationAttachmentPurpose) -> Int { purposes.filter { $0 == purpose }.count }
        if content.freshGraduate && count(.commitmentLetter) == 0 {
            problems.append(FieldProblem(field: "attachments", code: "commitment_letter_required", message: "应届毕业生须上传承诺书"))
        } else if !content.freshGraduate && count(.commitmentLetter) > 0 {
            problems.append(FieldProblem(field: "attachments", code: "commitment_letter_not_applicable", message: "非应届毕业生无需上传承诺书"))
        }
        let kind = applicant.candidateKind
        if (kind == .hongKongMacau || kind == .taiwan) && count(.hmtApplicationForm) == 0 {
            problems.append(FieldProblem(
                field: "attachments", code: "hmt_application_form_required", message: "港澳台居民须上传《台湾、香港、澳门居民参加国家医师资格考试实习申请审核表》"
            ))
        }
        if kind == .foreign && count(.foreignApplicationForm) == 0 {
            problems.append(FieldProblem(field: "attachments", code: "foreign_application_form_required", message: "外籍人员须上传《外籍人员参加中国医师资格考试实习申请审核表》"))
        }
        if content.activeMilitary && (count(.militaryEducationProof) == 0 || count(.militaryTrialProof) == 0) {
            problems.append(FieldProblem(
                field: "attachments", code: "military_proofs_required", message: "现役军人须上传团级以上政治部门出具的学历证明和试用期考核合格证明两种证明材料"
            ))
        }
        if content.route == .assistantUpgrade && count(.practiceAssessmentProof) == 0 {
            problems.append(FieldProblem(
                field: "attachments", code: "practice_assessment_proof_required", message: "执业助理医师报考执业医师须上传执业期考核证明"
            ))
        }
        return problems
    }

    /// What the trial-year test needs beyond the entries (nil: the route does not apply it).
    struct TrialTime: Sendable {
        /// Days before it do not count (school internships are not 试用期).
        let graduatedOn: CalendarDate?
        /// 应届毕业生: may submit before the year is complete when the cycle allows only them.
        let freshGraduate: Bool
    }

    /// 试用/工作机构: present, one current (the declaring unit, by name), dates in order and not
    /// overlapping; with `time`, enough time after graduation by the completion deadline, and complete
    /// today unless the cycle allows this candidate an unfinished year. The time is counted over the
    /// entries whose dates are usable even when another entry (or this one) has another problem.
    static func trialProblems(
        _ entries: [TrialInstitutionEntry], unitName: String, cycle: Cycle, today: CalendarDate, time: TrialTime?
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        guard !entries.isEmpty else {
            return [FieldProblem(field: "trialInstitutions", code: "required", message: "请至少填写一个试用/工作机构")]
        }
        let currentCount = entries.filter(\.current).count
        if currentCount != 1 {
            problems.append(FieldProblem(field: "trialInstitutions", code: "one_current_required", message: "须且只能有一个现所在试用单位"))
        }
        for (index, entry) in entries.enumerated() {
            let path = "trialInstitutions[\(index)]"
            func require(_ value: Any?, _ field: String, _ label: String) {
                if value == nil { problems.append(FieldProblem(field: "\(path).\(field)", code: "required", message: "请填写\(label)")) }
            }
            require(entry.name, "name", "试用/工作机构名称")
            require(entry.department, "department", "科室")
            require(entry.position, "position", "岗位")
            require(entry.startDate, "startDate", "开始时间")
            require(entry.supervisorName, "supervisorName", "带教医师")
            if entry.current {
                if let name = entry.name, name != unitName {
                    problems.append(FieldProblem(
                        field: "\(path).name", code: "unit_name_mismatch", message: "现所在试用单位必须和您的申报机构保持名称一致(\(unitName))"
                    ))
                }
                if let end = entry.endDate, end < today {
                    problems.append(FieldProblem(field: "\(path).endDate", code: "ended", message: "现所在试用单位的结束时间不能早于今天"))
                }
            } else {
                require(entry.endDate, "endDate", "结束时间")
                if let end = entry.endDate, today < end {
                    problems.append(FieldProblem(field: "\(path).endDate", code: "in_future", message: "已结束的试用经历，结束时间不能晚于今天"))
                }
            }
            if let start = entry.startDate, let end = entry.endDate, end < start {
                problems.append(FieldProblem(field: "\(path).endDate", code: "out_of_order", message: "结束时间不能早于开始时间"))
            }
        }

        // Overlap, over the entries with a start; an open end counts up to the deadline.
        let deadline = cycle.trialCompletionDeadline
        let periods = entries.enumerated().compactMap { index, entry -> (index: Int, start: CalendarDate, end: CalendarDate)? in
            guard let start = entry.startDate else { return nil }
            let end = entry.endDate ?? deadline
            guard start <= end else { return nil }
            return (index, start, end)
        }.sorted { $0.start < $1.start }
        for (earlier, later) in zip(periods, periods.dropFirst()) where later.start <= earlier.end {
            problems.append(FieldProblem(
                field: "trialInstitutions[\(later.index)].startDate", code: "overlap",
                message: "与第\(earlier.index + 1)个试用/工作机构的时间重叠"
            ))
        }
        guard let time else { return problems }

        // The time, over the entries whose dates are usable: a start, an end not before it, and for an
        // ended entry an end that is not in the future. The current entry's open end runs on.
        let usable = entries.compactMap { entry -> (start: CalendarDate, end: CalendarDate?)? in
            guard let start = entry.startDate else { return nil }
            if let end = entry.endDate, end < start { return nil }
            if !entry.current {
                guard let end = entry.endDate, end <= today else { return nil }
                return (start, end)
            }
            return (start, entry.endDate)
        }
        guard !usable.isEmpty else { return problems }
        // Time is added up in days and compared with the length of the required months ending on the
        // day counted to (12 months to 2026-08-31 are the 365 days from 2025-09-01): months differ in
        // length, so adding up "months" of several periods has no exact meaning, days do. Days before
        // graduation and days covered twice count nothing.
        let months = cycle.requiredTrialMonths
        func required(endingOn day: CalendarDate) -> Int {
            day.next.adding(months: -months).map { $0.daysUntil(day.next) } ?? Int.max
        }
        let byDeadline = countedDays(usable, from: time.graduatedOn, to: deadline)
        let beforeGraduation = countedDays(usable, from: nil, to: deadline) - byDeadline
        if byDeadline < required(endingOn: deadline) {
            let note = beforeGraduation > 0 ? "（毕业前的\(beforeGraduation)天不计入）" : ""
            problems.append(FieldProblem(
                field: "trialInstitutions", code: "insufficient_trial_time",
                message: "截至\(deadline)试用期累计\(byDeadline)天，不足\(months)个月(\(required(endingOn: deadline))天)\(note)"
            ))
        } else if cycle.eligibility.unfinishedTrialAllowedFor == .freshGraduates && !time.freshGraduate {
            let byToday = countedDays(usable, from: time.graduatedOn, to: today)
            if byToday < required(endingOn: today) {
                problems.append(FieldProblem(
                    field: "trialInstitutions", code: "trial_incomplete",
                    message: "截至今天(\(today))试用期累计\(byToday)天，未满\(months)个月(\(required(endingOn: today))天)；本年度仅应届毕业生（须上传承诺书）可在试用期未满时申报"
                ))
            }
        }
        return problems
    }

    /// Days of `periods` (an open end runs to `last`) from `first` (when given) to `last`, each day once.
    static func countedDays(_ periods: [(start: CalendarDate, end: CalendarDate?)], from first: CalendarDate?, to last: CalendarDate) -> Int {
        let clipped = periods.compactMap { period -> (start: CalendarDate, end: CalendarDate)? in
            let start = first.map { max($0, period.start) } ?? period.start
            let end = min(period.end ?? last, last)
            return start <= end ? (start, end) : nil
        }.sorted { $0.start < $1.start }
        var total = 0
        var run: (start: CalendarDate, end: CalendarDate)?
        for period in clipped {
            if let current = run, period.start <= current.end.next {
                run = (current.start, max(current.end, period.end))
            } else {
                if let current = run { total += current.start.daysUntil(current.end.next) }
                run = period
            }
        }
        if let current = run { total += current.start.daysUntil(current.end.next) }
        return total
    }
}
