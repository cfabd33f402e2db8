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
        }

        problems += trialProblems(content.trialInstitutions, unitName: unitName, cycle: cycle, today: today)

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
        if kind == .military && count(.militaryProof) < 2 {
            problems.append(FieldProblem(field: "attachments", code: "military_proofs_required", message: "部队考生须上传团级以上有关学历证明和试用期考核合格表两种证明材料"))
        }
        return problems
    }

    /// 试用/工作机构: present, one current (the declaring unit, by name), dates in order and not
    /// overlapping, enough time by the completion deadline.
    static func trialProblems(_ entries: [TrialInstitutionEntry], unitName: String, cycle: Cycle, today: CalendarDate) -> [FieldProblem] {
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

        // Overlap and total time, over the entries whose dates are usable; an open end counts up to the deadline.
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
        // Time is added up in days and compared with the length of the required months ending on the
        // deadline (12 months to 2026-08-31 are the 365 days from 2025-09-01): months differ in length,
        // so adding up "months" of several periods has no exact meaning, days do.
        if problems.isEmpty {
            let end = deadline.next
            let days = periods.reduce(0) { total, period in
                guard period.start <= deadline else { return total }
                return total + period.start.daysUntil(min(period.end, deadline).next)
            }
            let required = end.adding(months: -cycle.requiredTrialMonths).map { $0.daysUntil(end) } ?? Int.max
            if days < required {
                problems.append(FieldProblem(
                    field: "trialInstitutions", code: "insufficient_trial_time",
                    message: "截至\(deadline)试用期累计\(days)天，不足\(cycle.requiredTrialMonths)个月(\(required)天)"
                ))
            }
        }
        return problems
    }
}
