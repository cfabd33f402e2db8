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

    // MARK: Deadlines

    /// Whether the candidate may change (edit, submit, withdraw) a declaration in `status` at `now`
    /// (ADR 0021): anything while the cycle's window is open; after it closes, a declaration the unit
    /// returned or reopened (允许修改) until the review deadline, so the unit's late decision never
    /// strands the candidate. Withdrawing after the window would leave a draft nobody can submit, so a
    /// submitted declaration is the unit's once the window has closed.
    static func candidateMayChange(_ status: DeclarationStatus, in cycle: Cycle, at now: Date) -> Bool {
        cycle.isOpen(at: now) || (status.isReopenedByUnit && cycle.acceptsReviews(at: now))
    }

    /// What the candidate may do with a declaration in `status` now (`allowedActions`).
    static func candidateActions(_ status: DeclarationStatus, in cycle: Cycle?, at now: Date) -> [String] {
        guard let cycle, candidateMayChange(status, in: cycle, at: now) else { return [] }
        if status.isEditable { return ["edit", "submit"] }
        return status == .submitted ? ["withdraw"] : []
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

    /// The editable part from a request, or every problem of its shape. `known` holds the attachments
    /// among those named that belong to the candidate, with their purpose.
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
            var qualificationCategory: ExamCategory?
            if let code = body.qualificationCategory {
                qualificationCategory = ExamCategory(rawValue: code)
                if qualificationCategory == nil {
                    problems.append(FieldProblem(field: "assistantUpgrade.qualificationCategory", code: "unknown_category", message: "请选择执业助理医师资格类别"))
                }
            }
            return AssistantUpgrade(
                qualificationCertificateNumber: optionalText(body.qualificationCertificateNumber, qualification, &problems),
                practiceCertificateNumber: optionalText(body.practiceCertificateNumber, practice, &problems),
                practiceRegisteredOn: optionalDate(body.practiceRegisteredOn, "assistantUpgrade.practiceRegisteredOn", &problems),
                qualificationCategory: qualificationCategory,
                qualifiedOn: optionalDate(body.qualifiedOn, "assistantUpgrade.qualifiedOn", &problems)
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
            freshGraduate: request.freshGraduate ?? false, trialInstitutions: entries, attachments: attachments,
            activeMilitary: request.activeMilitary ?? false
        ))
    }

    /// A text that may be left empty in a draft: blank is nil, anything else must be clean.
    private static func optionalText(_ raw: String?, _ rule: TextInput, _ problems: inout [FieldProblem]) -> String? {
        rule.optional(raw, into: &problems)
    }

    private static func optionalDate(_ raw: String?, _ field: String, _ problems: inout [FieldProblem]) -> CalendarDate? {
        guard let raw else { return nil }
        guard let date = CalendarDate(raw) else {
            problems.append(FieldProblem(field: field, code: "invalid_date", message: "请填写真实的日期(YYYY-MM-DD)"))
            return nil
        }
        return date
    }
}
