import Console
import Contracts
import Foundation
import Web

/// The console's entry form for an exam information record (信息确认表), every section of the guide's
/// form. Each input is named by the JSON path of the member it fills (`education.school`,
/// `qualificationCertificates[1].number`), so the form becomes the very `ExamRecordInput` a `PUT`
/// body decodes to, and every problem the service reports by path lands next to its input.
enum RecordForm {
    enum Kind {
        case text, date, number, yesNo
        case select([(code: String, label: String)])
    }

    struct Field {
        let name: String
        let label: String
        let kind: Kind
    }

    struct Section {
        let id: String
        let title: String
        /// Optional as a whole: left empty, the record has no such section.
        let optional: Bool
        let fields: [Field]
    }

    static func options<Code: RawRepresentable<String> & CaseIterable>(_ type: Code.Type, label: (Code) -> String) -> Kind {
        .select(type.allCases.map { ($0.rawValue, label($0)) })
    }

    static let qualificationSlots = 2

    static let sections: [Section] = {
        var sections = [
            Section(id: "education", title: "学历信息", optional: false, fields: [
                Field(name: "education.level", label: "学历", kind: options(EducationLevel.self, label: \.label)),
                Field(name: "education.studyForm", label: "学习形式", kind: options(StudyForm.self, label: \.label)),
                Field(name: "education.enrolledOn", label: "入学时间", kind: .date),
                Field(name: "education.graduatedOn", label: "毕业时间", kind: .date),
                Field(name: "education.school", label: "毕业学校", kind: .text),
                Field(name: "education.lengthYears", label: "学制（年）", kind: .number),
                Field(name: "education.majorType", label: "专业类别", kind: options(MajorType.self, label: \.label)),
                Field(name: "education.major", label: "所学专业", kind: .text),
                Field(name: "education.diplomaNumber", label: "毕业证书编号", kind: .text),
                Field(name: "education.verificationReportNumber", label: "学历认证报告编号", kind: .text),
            ]),
            Section(id: "title", title: "专业技术职称", optional: true, fields: [
                Field(name: "title.series", label: "职称系列", kind: options(TitleSeries.self, label: \.label)),
                Field(name: "title.level", label: "职称级别", kind: options(TitleLevel.self, label: \.label)),
                Field(name: "title.speciality", label: "专业", kind: .text),
                Field(name: "title.obtainedBy", label: "取得方式", kind: options(TitleObtainedBy.self, label: \.label)),
                Field(name: "title.route", label: "取得途径", kind: options(TitleRoute.self, label: \.label)),
                Field(name: "title.approvedOn", label: "批准时间", kind: .date),
                Field(name: "title.certificateNumber", label: "证书编号", kind: .text),
                Field(name: "title.provincialLine", label: "是否省线", kind: .yesNo),
                Field(name: "title.grassrootsSenior", label: "是否基层高级职称", kind: .yesNo),
                Field(name: "title.appointedOn", label: "聘任时间", kind: .date),
            ]),
        ]
        for slot in 0..<qualificationSlots {
            let prefix = "qualificationCertificates[\(slot)]"
            sections.append(Section(id: "qualification-\(slot)", title: "医师资格证书（\(slot + 1)）", optional: true, fields: [
                Field(name: prefix + ".level", label: "级别", kind: options(ExamLevel.self, label: \.label)),
                Field(name: prefix + ".category", label: "类别", kind: options(ExamCategory.self, label: \.label)),
                Field(name: prefix + ".issuedOn", label: "签发时间", kind: .date),
                Field(name: prefix + ".number", label: "证书编号", kind: .text),
            ]))
        }
        sections += [
            Section(id: "practice", title: "医师执业证书", optional: true, fields: [
                Field(name: "practiceCertificate.level", label: "级别", kind: options(ExamLevel.self, label: \.label)),
                Field(name: "practiceCertificate.category", label: "类别", kind: options(ExamCategory.self, label: \.label)),
                Field(name: "practiceCertificate.issuedOn", label: "签发时间", kind: .date),
                Field(name: "practiceCertificate.issuingAuthority", label: "发证机关", kind: .text),
                Field(name: "practiceCertificate.practicePlace", label: "执业地点", kind: .text),
                Field(name: "practiceCertificate.number", label: "证书编号", kind: .text),
                Field(name: "practiceCertificate.scope", label: "执业范围", kind: .text),
            ]),
            Section(id: "nurse", title: "护士执业证书", optional: true, fields: [
                Field(name: "nurseCertificate.number", label: "证书编号", kind: .text),
                Field(name: "nurseCertificate.issuedOn", label: "签发时间", kind: .date),
                Field(name: "nurseCertificate.issuingAuthority", label: "发证机关", kind: .text),
                Field(name: "nurseCertificate.practicePlace", label: "执业地点", kind: .text),
            ]),
            Section(id: "trial", title: "试用期信息", optional: true, fields: [
                Field(name: "trial.position", label: "试用岗位", kind: .text),
                Field(name: "trial.category", label: "试用类别", kind: options(ExamCategory.self, label: \.label)),
                Field(name: "trial.assistantUpgrade", label: "是否执业助理医师报考执业医师", kind: .yesNo),
                Field(name: "trial.freshGraduate", label: "是否应届毕业生", kind: .yesNo),
                Field(name: "trial.startDate", label: "试用开始时间", kind: .date),
                Field(name: "trial.endDate", label: "试用结束时间", kind: .date),
                Field(name: "trial.supervisorName", label: "带教老师", kind: .text),
            ]),
        ]
        return sections
    }()

    /// The attachment members a saved version may hold, kept through the form as hidden inputs.
    static func isAttachment(_ path: String) -> Bool { path.hasSuffix("AttachmentId") }

    /// The photo slots of a section (their inputs are files named by path), with the purpose an upload
    /// there gets.
    static func photoSlots(of section: String) -> [(path: String, label: String, purpose: AttachmentPurpose)] {
        func pair(_ prefix: String, _ purpose: AttachmentPurpose) -> [(String, String, AttachmentPurpose)] {
            [(prefix + ".frontAttachmentId", "照片（正面）", purpose), (prefix + ".backAttachmentId", "照片（反面）", purpose)]
        }
        switch section {
        case "education": return [("education.certificateAttachmentId", "毕业证书照片", .educationCertificate)]
        case "title": return pair("title", .titleCertificate)
        case "practice": return pair("practiceCertificate", .practiceCertificate)
        // A nurse's practice certificate is a practice certificate (as the API's slots say).
        case "nurse": return pair("nurseCertificate", .practiceCertificate)
        case let id where id.hasPrefix("qualification-"): return pair("qualificationCertificates[\(id.dropFirst("qualification-".count))]", .qualificationCertificate)
        default: return []
        }
    }

    /// The purpose of a photo slot's path; nil for anything else.
    static func purpose(of path: String) -> AttachmentPurpose? {
        sections.lazy.flatMap { photoSlots(of: $0.id) }.first { $0.path == path }?.purpose
    }

    /// The type a file's first bytes say it is: JPEG, PNG or PDF, the types attachments accept.
    static func sniff(_ bytes: [UInt8]) -> AttachmentMediaType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
        return nil
    }

    /// The label of a path (`qualificationCertificates[0].number` → 医师资格证书（1） · 证书编号).
    static func label(of path: String) -> String {
        for section in sections {
            if let field = section.fields.first(where: { $0.name == path }) { return section.title + " · " + field.label }
        }
        return path
    }

    /// The input a submitted form stands for; `problems` gets what cannot even be read (a length that
    /// is not a whole number); `slots` maps each certificate's index in the input back to its form slot.
    static func input(from form: FormBody, problems: inout [FieldProblem], slots: inout [Int]) -> ExamRecordInput {
        func text(_ name: String) -> String? {
            guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        func flag(_ name: String) -> Bool? {
            switch text(name) {
            case "true": true
            case "false": false
            default: nil
            }
        }
        func filled(_ section: String) -> Bool {
            sections.first { $0.id == section }!.fields.contains { text($0.name) != nil }
        }
        var input = ExamRecordInput()
        var length: Int?
        if let raw = text("education.lengthYears") {
            if let value = Int(raw) { length = value } else {
                problems.append(ConfirmationProblems.invalidLengthYears)
            }
        }
        input.education = ExamRecordInput.Education(
            level: text("education.level"), studyForm: text("education.studyForm"), enrolledOn: text("education.enrolledOn"),
            graduatedOn: text("education.graduatedOn"), school: text("education.school"), lengthYears: length,
            majorType: text("education.majorType"), major: text("education.major"), diplomaNumber: text("education.diplomaNumber"),
            verificationReportNumber: text("education.verificationReportNumber"),
            certificateAttachmentId: text("education.certificateAttachmentId")
        )
        if filled("title") {
            input.title = ExamRecordInput.Title(
                series: text("title.series"), level: text("title.level"), speciality: text("title.speciality"),
                obtainedBy: text("title.obtainedBy"), route: text("title.route"), approvedOn: text("title.approvedOn"),
                certificateNumber: text("title.certificateNumber"), provincialLine: flag("title.provincialLine"),
                grassrootsSenior: flag("title.grassrootsSenior"), appointedOn: text("title.appointedOn"),
                frontAttachmentId: text("title.frontAttachmentId"), backAttachmentId: text("title.backAttachmentId")
            )
        }
        var certificates: [ExamRecordInput.QualificationCertificate] = []
        for slot in 0..<qualificationSlots where filled("qualification-\(slot)") {
            let prefix = "qualificationCertificates[\(slot)]"
            certificates.append(ExamRecordInput.QualificationCertificate(
                level: text(prefix + ".level"), category: text(prefix + ".category"), issuedOn: text(prefix + ".issuedOn"),
                number: text(prefix + ".number"), frontAttachmentId: text(prefix + ".frontAttachmentId"),
                backAttachmentId: text(prefix + ".backAttachmentId")
            ))
            slots.append(slot)
        }
        input.qualificationCertificates = certificates
        if filled("practice") {
            input.practiceCertificate = ExamRecordInput.PracticeCertificate(
                level: text("practiceCertificate.level"), category: text("practiceCertificate.category"),
                issuedOn: text("practiceCertificate.issuedOn"), issuingAuthority: text("practiceCertificate.issuingAuthority"),
                practicePlace: text("practiceCertificate.practicePlace"), number: text("practiceCertificate.number"),
                scope: text("practiceCertificate.scope"), frontAttachmentId: text("practiceCertificate.frontAttachmentId"),
                backAttachmentId: text("practiceCertificate.backAttachmentId")
            )
        }
        if filled("nurse") {
            input.nurseCertificate = ExamRecordInput.NurseCertificate(
                number: text("nurseCertificate.number"), issuedOn: text("nurseCertificate.issuedOn"),
                issuingAuthority: text("nurseCertificate.issuingAuthority"), practicePlace: text("nurseCertificate.practicePlace"),
                frontAttachmentId: text("nurseCertificate.frontAttachmentId"), backAttachmentId: text("nurseCertificate.backAttachmentId")
            )
        }
        if filled("trial") {
            input.trial = ExamRecordInput.Trial(
                position: text("trial.position"), category: text("trial.category"), assistantUpgrade: flag("trial.assistantUpgrade"),
                freshGraduate: flag("trial.freshGraduate"), startDate: text("trial.startDate"), endDate: text("trial.endDate"),
                supervisorName: text("trial.supervisorName")
            )
        }
        return input
    }

    /// A problem's path as the form names it: certificate indexes back to their slots.
    static func formPath(_ path: String, slots: [Int]) -> String {
        let prefix = "qualificationCertificates["
        guard path.hasPrefix(prefix), let close = path.firstIndex(of: "]"),
              let index = Int(path[path.index(path.startIndex, offsetBy: prefix.count)..<close]), slots.indices.contains(index)
        else { return path }
        return prefix + "\(slots[index])" + path[close...]
    }


}
