import Contracts
import Foundation
import Web

/// The declaration's rules as pure functions: the shape of an edit (codes known, dates real, texts
/// clean) and, at submission, completeness and consistency, every problem at once by JSON path.
enum DeclarationRules {
    static let school = TextInput(field: "education.school", label: "毕业学校", maximumScalars: 100)
    static let major = TextInput(field: "education.major", label: "所学专业", maximumScalars: 100)
    static let diploma = TextInput(field: "education.diplomaNumber", label: "毕业证书编号", maximumScalars: 50)
    static let qualification = TextInput(field: "assistantUpgrade.qualificationCertificateNumber", label: "医师资格证书编号", maximumScalars: 50)
    static let practice = TextInput(field: "assistantUpgrade.practiceCertificateNumber", label: "医师执业证书编号", maximumScalars: 50)
    static let reason = TextInput(field: "reason", label: "原因", maximumScalars: 200, multiline: true)
    static let note = TextInput(field: "note", label: "说明", maximumScalars: 200, multiline: true)

    static func entryText(_ index: Int, _ field: String, _ label: String, _ maximum: Int) -> TextInput {
        TextInput(field: "trialInstitutions[\(index)].\(field)", label: label, maximumScalars: maximum)
    }

    // MARK: Creating

    static func choice(level: String, category: String, tcmSubtype: String?) -> Result<(ExamLevel, ExamCategory, TCMSubtype?), Problem> {
        var problems: [FieldProblem] = []
        let level = ExamLevel(rawValue: level)
        let category = ExamCategory(rawValue: category)
        var subtype: TCMSubtype?
        if level == nil { problems.append(TrialPeriodProblems.unknownLevel) }
        if category == nil { problems.append(TrialPeriodProblems.unknownCategory) }
        if let tcmSubtype {
            subtype = TCMSubtype(rawValue: tcmSubtype)
            if subtype == nil { problems.append(TrialPeriodProblems.unknownSubtype) }
        }
        if let level, let category, !category.allowed(at: level) { problems.append(ruralAtPhysician) }
        guard problems.isEmpty, let level, let category else { return .failure(Problem.validation(problems)) }
        return .success((level, category, subtype))
    }

    static let ruralAtPhysician = FieldProblem(field: "category", code: "rural_general_assistant_only", message: "乡村全科仅限执业助理医师级别申报")

    // MARK: Editing

    /// The editable part from a request, or every problem of its shape. `attachmentOwners` answers
    /// which attachment ids belong to the candidate, with their purpose.
    static func content(
        _ request: DeclarationEditRequest, settings: TrialPeriodSettings, attachments known: [AttachmentID: AttachmentPurpose]
    ) -> Result<DeclarationContent, Problem> {
        var problems: [FieldProblem] = []
        // A draft may hold a combination submission refuses (rural general at physician level): only
        // the codes themselves are checked here.
        let level = ExamLevel(rawValue: request.level)
        let category = ExamCategory(rawValue: request.category)
        var subtype: TCMSubtype?
        if level == nil { problems.append(TrialPeriodProblems.unknownLevel) }
        if category == nil { problems.append(TrialPeriodProblems.unknownCategory) }
        if let code = request.tcmSubtype {
            subtype = TCMSubtype(rawValue: code)
            if subtype == nil { problems.append(TrialPeriodProblems.unknownSubtype) }
        }

        var education = Education.empty
        if let body = request.education {
            if let code = body.level {
                education.level = EducationLevel(rawValue: code)
                if education.level == nil { problems.append(FieldProblem(field: "education.level", code: "unknown_education_level", message: "请选择学历")) }
            }
            if let code = body.studyForm {
                education.studyForm = StudyForm(rawValue: code)
                if education.studyForm == nil { problems.append(FieldProblem(field: "education.studyForm", code: "unknown_study_form", message: "请选择学习形式")) }
            }
            education.school = optionalText(body.school, school, &problems)
            education.major = optionalText(body.major, major, &problems)
            education.diplomaNumber = optionalText(body.diplomaNumber, diploma, &problems)
            education.enrolledOn = optionalDate(body.enrolledOn, "education.enrolledOn", &problems)
            education.graduatedOn = optionalDate(body.graduatedOn, "education.graduatedOn", &problems)
        }

        let upgrade = request.assistantUpgrade.map { body in
            AssistantUpgrade(
                qualificationCertificateNumber: optionalText(body.qualificationCertificateNumber, qualification, &problems),
                practiceCertificateNumber: optionalText(body.practiceCertificateNumber, practice, &problems)
            )
        }

        let bodies = request.trialInstitutions ?? []
        if bodies.count > settings.maximumTrialInstitutions {
            problems.append(FieldProblem(
                field: "trialInstitutions", code: "too_many", message: "试用/工作机构最多填写\(settings.maximumTrialInstitutions)个"
            ))
        }
        var entries: [TrialInstitutionEntry] = []
        for (index, body) in bodies.prefix(settings.maximumTrialInstitutions).enumerated() {
            entries.append(TrialInstitutionEntry(
                name: optionalText(body.name, entryText(index, "name", "试用/工作机构名称", 100), &problems),
                department: optionalText(body.department, entryText(index, "department", "科室", 50), &problems),
                position: optionalText(body.position, entryText(index, "position", "岗位", 50), &problems),
                startDate: optionalDate(body.startDate, "trialInstitutions[\(index)].startDate", &problems),
                endDate: optionalDate(body.endDate, "trialInstitutions[\(index)].endDate", &problems),
                supervisorName: optionalText(body.supervisorName, entryText(index, "supervisorName", "带教医师", 50), &problems),
                current: body.current ?? false, confirmation: nil
            ))
        }

        let attachmentBodies = request.attachments ?? []
        if attachmentBodies.count > settings.maximumAttachments {
            problems.append(FieldProblem(field: "attachments", code: "too_many", message: "附件最多\(settings.maximumAttachments)个"))
        }
        var attachments: [DeclaredAttachment] = []
        var seen: Set<AttachmentID> = []
        for (index, body) in attachmentBodies.prefix(settings.maximumAttachments).enumerated() {
            let purpose = DeclarationAttachmentPurpose(rawValue: body.purpose)
            if purpose == nil {
                problems.append(FieldProblem(field: "attachments[\(index)].purpose", code: "unknown_purpose", message: "附件类型不正确"))
            }
            guard let id = AttachmentID(body.attachmentId), let stored = known[id] else {
                problems.append(FieldProblem(field: "attachments[\(index)].attachmentId", code: "attachment_not_found", message: "未找到上传的附件，请重新上传"))
                continue
            }
            if !seen.insert(id).inserted {
                problems.append(FieldProblem(field: "attachments[\(index)].attachmentId", code: "duplicate", message: "同一附件不能重复添加"))
                continue
            }
            guard let purpose else { continue }
            if purpose.attachmentPurpose != stored {
                problems.append(FieldProblem(
                    field: "attachments[\(index)].attachmentId", code: "wrong_attachment_purpose", message: "该附件不是“\(purpose.label)”"
                ))
                continue
            }
            attachments.append(DeclaredAttachment(purpose: purpose, attachment: id))
        }

        guard problems.isEmpty, let level, let category else { return .failure(Problem.validation(problems)) }
        return .success(DeclarationContent(
            level: level, category: category, tcmSubtype: subtype, education: education, assistantUpgrade: upgrade,
            freshGraduate: request.freshGraduate ?? false, trialInstitutions: entries, attachments: attachments
        ))
    }

    /// A text that may be left empty in a draft: blank is nil, anything else must be clean.
    private static func optionalText(_ raw: String?, _ rule: TextInput, _ problems: inout [FieldProblem]) -> String? {
        guard let raw else { return nil }
        switch rule.clean(raw) {
        case .success(let text): return text
        case .failure(.empty): return nil
        case .failure(let failure):
            problems.append(rule.problem(failure))
            return nil
        }
    }

    private static func optionalDate(_ raw: String?, _ field: String, _ problems: inout [FieldProblem]) -> CalendarDate? {
        guard let raw else { return nil }
        guard let date = CalendarDate(raw) else {
            problems.append(FieldProblem(field: field, code: "invalid_date", message: "请填写真实的日期(YYYY-MM-DD)"))
            return nil
        }
        return date
    }

    // MARK: Submitting

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
            problems.append(FieldProblem(field: "education.graduatedOn", code: "out_of_order", message: "毕业时间应晚于入学时间"))
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
