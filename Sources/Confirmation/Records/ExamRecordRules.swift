import Contracts
import Foundation
import Web

/// The record's rules as pure functions: education is required; every other section is optional as a
/// whole, but a section that is present needs every field the guide's form stars (`*`). Codes must be
/// known, dates real (and issue dates not in the future), texts clean, attachments usable. Every
/// problem is reported at once by JSON path.
enum ExamRecordRules {
    static let lengthYears = 1...9
    static let maximumQualificationCertificates = ExamLevel.allCases.count

    /// `attachments`: the attachment ids (lower-case) this save may use, with their purpose: the
    /// saver's own uploads and those already in the record.
    static func content(
        _ input: ExamRecordInput, attachments: [String: AttachmentPurpose], today: CalendarDate
    ) -> Result<ExamRecordContent, Problem> {
        var check = Checker(attachments: attachments, today: today)
        let education = check.education(input.education)
        let title = input.title.flatMap { check.title($0) }
        let certificates = check.qualificationCertificates(input.qualificationCertificates ?? [])
        let practice = input.practiceCertificate.flatMap { check.practice($0) }
        let nurse = input.nurseCertificate.flatMap { check.nurse($0) }
        let trial = input.trial.flatMap { check.trial($0) }
        check.crossCheck(input.qualificationCertificates ?? [], practice: practice, trial: trial)
        guard check.problems.isEmpty, let education else { return .failure(Problem.validation(check.problems)) }
        return .success(ExamRecordContent(
            education: education, title: title, qualificationCertificates: certificates, practiceCertificate: practice,
            nurseCertificate: nurse, trial: trial
        ))
    }

    /// Collects problems while reading one input.
    struct Checker {
        let attachments: [String: AttachmentPurpose]
        let today: CalendarDate
        var problems: [FieldProblem] = []

        mutating func education(_ body: ExamRecordInput.Education?) -> ExamRecordContent.EducationSection? {
            guard let body else {
                problems.append(FieldProblem(field: "education", code: "required", message: "请填写学历信息"))
                return nil
            }
            let level = code(body.level, EducationLevel.self, "education.level", "学历层级")
            let form = code(body.studyForm, StudyForm.self, "education.studyForm", "学习形式")
            let enrolled = date(body.enrolledOn, "education.enrolledOn", "入学时间", notAfterToday: true)
            let graduated = date(body.graduatedOn, "education.graduatedOn", "毕业时间")
            if let enrolled, let graduated, graduated <= enrolled {
                problems.append(.graduatedBeforeEnrolled())
            }
            let school = text(body.school, "education.school", "毕业学校", 100)
            var length: Int?
            if let years = body.lengthYears {
                if ExamRecordRules.lengthYears.contains(years) { length = years } else {
                    problems.append(FieldProblem(field: "education.lengthYears", code: "out_of_range", message: "学制应为1到9年"))
                }
            } else {
                problems.append(FieldProblem(field: "education.lengthYears", code: "required", message: "请填写学制"))
            }
            let majorType = optionalCode(body.majorType, MajorType.self, "education.majorType", "专业类型")
            let major = optionalText(body.major, "education.major", "所学专业", 100)
            let diploma = text(body.diplomaNumber, "education.diplomaNumber", "毕业证号", 50)
            let report = optionalText(body.verificationReportNumber, "education.verificationReportNumber", "学历认证报告编号", 50)
            let certificate = attachment(body.certificateAttachmentId, "education.certificateAttachmentId", .educationCertificate)
            guard let level, let form, let enrolled, let graduated, let school, let length, let diploma else { return nil }
            return ExamRecordContent.EducationSection(
                level: level, studyForm: form, enrolledOn: enrolled, graduatedOn: graduated, school: school, lengthYears: length,
                majorType: majorType, major: major, diplomaNumber: diploma, verificationReportNumber: report, certificateAttachmentId: certificate
            )
        }

        mutating func title(_ body: ExamRecordInput.Title) -> ExamRecordContent.TitleSection? {
            let series = code(body.series, TitleSeries.self, "title.series", "资格系列")
            let level = code(body.level, TitleLevel.self, "title.level", "资格级别")
            let speciality = text(body.speciality, "title.speciality", "专业", 50)
            let obtainedBy = code(body.obtainedBy, TitleObtainedBy.self, "title.obtainedBy", "取得方式")
            let route = code(body.route, TitleRoute.self, "title.route", "取得途径")
            let approved = date(body.approvedOn, "title.approvedOn", "批准日期", notAfterToday: true)
            let number = text(body.certificateNumber, "title.certificateNumber", "证书编号", 50)
            let provincial = flag(body.provincialLine, "title.provincialLine", "是否为省线证")
            let grassroots = flag(body.grassrootsSenior, "title.grassrootsSenior", "是否基卫高")
            let appointed = body.appointedOn.flatMap { date($0, "title.appointedOn", "聘任日期") }
            let front = attachment(body.frontAttachmentId, "title.frontAttachmentId", .titleCertificate)
            let back = attachment(body.backAttachmentId, "title.backAttachmentId", .titleCertificate)
            guard let series, let level, let speciality, let obtainedBy, let route, let approved, let number, let provincial, let grassroots
            else { return nil }
            return ExamRecordContent.TitleSection(
                series: series, level: level, speciality: speciality, obtainedBy: obtainedBy, route: route, approvedOn: approved,
                certificateNumber: number, provincialLine: provincial, grassrootsSenior: grassroots, appointedOn: appointed,
                frontAttachmentId: front, backAttachmentId: back
            )
        }

        mutating func qualificationCertificates(_ bodies: [ExamRecordInput.QualificationCertificate]) -> [ExamRecordContent.QualificationCertificate] {
            if bodies.count > ExamRecordRules.maximumQualificationCertificates {
                problems.append(FieldProblem(field: "qualificationCertificates", code: "too_many", message: "医师资格证每个级别最多一份"))
                return []
            }
            var seen: Set<ExamLevel> = []
            var out: [ExamRecordContent.QualificationCertificate] = []
            for (index, body) in bodies.enumerated() {
                let path = "qualificationCertificates[\(index)]"
                let level = code(body.level, ExamLevel.self, "\(path).level", "资格级别")
                let category = code(body.category, ExamCategory.self, "\(path).category", "资格类别")
                if let level, !seen.insert(level).inserted {
                    problems.append(FieldProblem(field: "\(path).level", code: "duplicate", message: "同一资格级别的医师资格证只能填写一份"))
                }
                if let level, let category, !category.allowed(at: level) { problems.append(ruralAtPhysician("\(path).category")) }
                let issued = date(body.issuedOn, "\(path).issuedOn", "签发日期", notAfterToday: true)
                let number = text(body.number, "\(path).number", "证书编码", 50)
                let front = attachment(body.frontAttachmentId, "\(path).frontAttachmentId", .qualificationCertificate)
                let back = attachment(body.backAttachmentId, "\(path).backAttachmentId", .qualificationCertificate)
                if let level, let category, let issued, let number {
                    out.append(ExamRecordContent.QualificationCertificate(
                        level: level, category: category, issuedOn: issued, number: number, frontAttachmentId: front, backAttachmentId: back
                    ))
                }
            }
            return out
        }

        mutating func practice(_ body: ExamRecordInput.PracticeCertificate) -> ExamRecordContent.PracticeCertificate? {
            let level = code(body.level, ExamLevel.self, "practiceCertificate.level", "执业级别")
            let category = code(body.category, ExamCategory.self, "practiceCertificate.category", "执业类别")
            if let level, let category, !category.allowed(at: level) { problems.append(ruralAtPhysician("practiceCertificate.category")) }
            let issued = date(body.issuedOn, "practiceCertificate.issuedOn", "发证日期", notAfterToday: true)
            let authority = text(body.issuingAuthority, "practiceCertificate.issuingAuthority", "发证机关", 100)
            let place = text(body.practicePlace, "practiceCertificate.practicePlace", "执业地点", 100)
            let number = optionalText(body.number, "practiceCertificate.number", "证书编码", 50)
            let scope = text(body.scope, "practiceCertificate.scope", "执业范围", 100)
            let front = attachment(body.frontAttachmentId, "practiceCertificate.frontAttachmentId", .practiceCertificate)
            let back = attachment(body.backAttachmentId, "practiceCertificate.backAttachmentId", .practiceCertificate)
            guard let level, let category, let issued, let authority, let place, let scope else { return nil }
            return ExamRecordContent.PracticeCertificate(
                level: level, category: category, issuedOn: issued, issuingAuthority: authority, practicePlace: place, number: number,
                scope: scope, frontAttachmentId: front, backAttachmentId: back
            )
        }

        mutating func nurse(_ body: ExamRecordInput.NurseCertificate) -> ExamRecordContent.NurseCertificate? {
            let number = text(body.number, "nurseCertificate.number", "证书编码", 50)
            let issued = date(body.issuedOn, "nurseCertificate.issuedOn", "发证日期", notAfterToday: true)
            let authority = optionalText(body.issuingAuthority, "nurseCertificate.issuingAuthority", "发证机关", 100)
            let place = optionalText(body.practicePlace, "nurseCertificate.practicePlace", "执业地点", 100)
            let front = attachment(body.frontAttachmentId, "nurseCertificate.frontAttachmentId", .practiceCertificate)
            let back = attachment(body.backAttachmentId, "nurseCertificate.backAttachmentId", .practiceCertificate)
            guard let number, let issued else { return nil }
            return ExamRecordContent.NurseCertificate(
                number: number, issuedOn: issued, issuingAuthority: authority, practicePlace: place, frontAttachmentId: front, backAttachmentId: back
            )
        }

        mutating func trial(_ body: ExamRecordInput.Trial) -> ExamRecordContent.TrialSection? {
            let position = text(body.position, "trial.position", "岗位名称", 50)
            let category = code(body.category, ExamCategory.self, "trial.category", "报考类别")
            let upgrade = flag(body.assistantUpgrade, "trial.assistantUpgrade", "是否执业助理医师报考执业医师")
            let fresh = flag(body.freshGraduate, "trial.freshGraduate", "是否应届生")
            let start = date(body.startDate, "trial.startDate", "工作开始时间")
            let end = date(body.endDate, "trial.endDate", "工作结束时间")
            if let start, let end, end < start {
                problems.append(FieldProblem(field: "trial.endDate", code: "before_start", message: "工作结束时间不能早于开始时间"))
            }
            let supervisor = text(body.supervisorName, "trial.supervisorName", "带教老师姓名", 50)
            guard let position, let category, let upgrade, let fresh, let start, let end, let supervisor else { return nil }
            return ExamRecordContent.TrialSection(
                position: position, category: category, assistantUpgrade: upgrade, freshGraduate: fresh, startDate: start, endDate: end,
                supervisorName: supervisor
            )
        }

        // MARK: Between sections

        /// What the sections say about each other (issue 26): an assistant upgrade (执业助理医师报考执业医师)
        /// holds the assistant qualification and not already the physician's, the level it declares; a
        /// practice certificate's level is one of the qualifications' levels, and its category that
        /// qualification's category. Read from each certificate's level and category alone, so a
        /// certificate with another problem (a missing number) still takes part and every problem is
        /// named at once; a conclusion that needs every level ("none is the assistant's") waits until
        /// every level is readable.
        mutating func crossCheck(
            _ bodies: [ExamRecordInput.QualificationCertificate], practice: ExamRecordContent.PracticeCertificate?,
            trial: ExamRecordContent.TrialSection?
        ) {
            guard bodies.count <= ExamRecordRules.maximumQualificationCertificates else { return }
            let held = bodies.map { (level: $0.level.flatMap(ExamLevel.init(rawValue:)), category: $0.category.flatMap(ExamCategory.init(rawValue:))) }
            let everyLevelKnown = held.allSatisfy { $0.level != nil }
            if let trial, trial.assistantUpgrade {
                if everyLevelKnown, !held.contains(where: { $0.level == .assistantPhysician }) {
                    problems.append(FieldProblem(
                        field: "trial.assistantUpgrade", code: "assistant_qualification_required", message: "执业助理医师报考执业医师须填写执业助理医师资格证"
                    ))
                }
                for (index, certificate) in held.enumerated() where certificate.level == .physician {
                    problems.append(FieldProblem(
                        field: "qualificationCertificates[\(index)].level", code: "qualification_level_mismatch",
                        message: "已取得执业医师资格，不能以执业助理医师身份报考执业医师"
                    ))
                }
            }
            if let practice {
                if let same = held.first(where: { $0.level == practice.level }) {
                    if let category = same.category, category != practice.category {
                        problems.append(FieldProblem(
                            field: "practiceCertificate.category", code: "practice_category_mismatch", message: "执业类别应与同级别医师资格证的资格类别一致"
                        ))
                    }
                } else if everyLevelKnown, !held.isEmpty {
                    problems.append(FieldProblem(
                        field: "practiceCertificate.level", code: "qualification_level_mismatch", message: "执业级别应与所填医师资格证的资格级别一致"
                    ))
                }
            }
        }

        // MARK: Fields

        private func ruralAtPhysician(_ field: String) -> FieldProblem {
            FieldProblem(field: field, code: "rural_general_assistant_only", message: "乡村全科仅限执业助理医师级别")
        }

        private mutating func code<Code: RecordCode>(_ raw: String?, _ type: Code.Type, _ field: String, _ label: String) -> Code? {
            guard let raw else {
                problems.append(FieldProblem(field: field, code: "required", message: "请选择\(label)"))
                return nil
            }
            return optionalCode(raw, type, field, label)
        }

        private mutating func optionalCode<Code: RecordCode>(_ raw: String?, _ type: Code.Type, _ field: String, _ label: String) -> Code? {
            guard let raw else { return nil }
            guard let value = Code(rawValue: raw) else {
                problems.append(FieldProblem(field: field, code: "unknown_code", message: "\(label)的取值不在可选范围内"))
                return nil
            }
            return value
        }

        private mutating func text(_ raw: String?, _ field: String, _ label: String, _ maximum: Int) -> String? {
            let rule = TextInput(field: field, label: label, maximumScalars: maximum)
            switch rule.validate(raw ?? "") {
            case .success(let text): return text
            case .failure(let problem):
                problems.append(problem)
                return nil
            }
        }

        private mutating func optionalText(_ raw: String?, _ field: String, _ label: String, _ maximum: Int) -> String? {
            TextInput(field: field, label: label, maximumScalars: maximum).optional(raw, into: &problems)
        }

        private mutating func date(_ raw: String?, _ field: String, _ label: String, notAfterToday: Bool = false) -> CalendarDate? {
            guard let raw, !raw.isEmpty else {
                problems.append(FieldProblem(field: field, code: "required", message: "请填写\(label)"))
                return nil
            }
            guard let date = CalendarDate(raw) else {
                problems.append(FieldProblem(field: field, code: "invalid_date", message: "请填写真实的日期(YYYY-MM-DD)"))
                return nil
            }
            if notAfterToday, date > today {
                problems.append(FieldProblem(field: field, code: "in_future", message: "\(label)不能晚于今天"))
                return nil
            }
            return date
        }

        private mutating func flag(_ raw: Bool?, _ field: String, _ label: String) -> Bool? {
            guard let raw else {
                problems.append(FieldProblem(field: field, code: "required", message: "请选择\(label)"))
                return nil
            }
            return raw
        }

        /// An attachment id, if given, must be one this save may use, with the slot's purpose.
        private mutating func attachment(_ raw: String?, _ field: String, _ purpose: AttachmentPurpose) -> String? {
            guard let raw else { return nil }
            guard let id = AttachmentID(raw), let stored = attachments[id.description] else {
                problems.append(FieldProblem(field: field, code: "attachment_not_found", message: "未找到上传的附件，请重新上传"))
                return nil
            }
            guard stored == purpose else {
                problems.append(FieldProblem(field: field, code: "wrong_attachment_purpose", message: "该附件不是“\(purpose.label)”"))
                return nil
            }
            return id.description
        }
    }
}


extension ExamRecordInput {
    /// Every attachment id the input names (well-formed ones, lower-case), to look up before validating.
    var attachmentIDs: [AttachmentID] {
        var raw: [String?] = [education?.certificateAttachmentId, title?.frontAttachmentId, title?.backAttachmentId,
                              practiceCertificate?.frontAttachmentId, practiceCertificate?.backAttachmentId,
                              nurseCertificate?.frontAttachmentId, nurseCertificate?.backAttachmentId]
        for certificate in qualificationCertificates ?? [] {
            raw.append(certificate.frontAttachmentId)
            raw.append(certificate.backAttachmentId)
        }
        return Array(Set(raw.compactMap { $0.flatMap(AttachmentID.init) }))
    }
}
