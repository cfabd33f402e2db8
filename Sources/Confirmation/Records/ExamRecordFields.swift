import Contracts
import Foundation

/// The exam information record's fields (信息确认表), in one table: each section of the record with its
/// members' JSON names, Chinese labels, kinds, import headers and photo slots. The console's entry form
/// (`formSections`), the CSV import's columns (`ImportColumns`) and the labels of paths in disputes and
/// comparisons all come from it; add a field here and the form and the import have it.
enum ExamRecordFields {
    enum Kind: Sendable {
        case text, date, number, yesNo
        /// One of a coded list, written as its code or its Chinese label.
        case code(Codes)
    }

    /// A coded list's choices, in order.
    struct Codes: Sendable {
        let choices: [Choice]

        struct Choice: Sendable {
            let code: String
            let label: String
        }

        init<Code: RecordCode>(_ type: Code.Type) {
            choices = type.allCases.map { Choice(code: $0.rawValue, label: $0.label) }
        }

        /// The code `text` names (the code itself first, then a label); nil if it names none.
        func code(_ text: String) -> String? {
            choices.first { $0.code == text }?.code ?? choices.first { $0.label == text }?.code
        }
    }

    /// One member of a section.
    struct Member: Sendable {
        /// Its JSON name inside the section (`school`).
        let name: String
        /// The form's label (`毕业学校`).
        let label: String
        let kind: Kind
        /// The import's Chinese header (`毕业学校`); nil: not an import column. In the qualification
        /// section, what follows the certificate's name (`类别` → `执业医师资格证书类别`).
        let header: String?

        init(_ name: String, _ label: String, _ kind: Kind, header: String?) {
            self.name = name
            self.label = label
            self.kind = kind
            self.header = header
        }

        /// A member whose import header is its label.
        init(_ name: String, _ label: String, _ kind: Kind) {
            self.init(name, label, kind, header: label)
        }
    }

    /// One section of the record (`education`, `title` …).
    struct Section: Sendable {
        /// The form's section id (`education`, `practice`).
        let id: String
        /// Its JSON member in the record (`practiceCertificate`).
        let path: String
        let title: String
        /// Optional as a whole: left empty, the record has no such section.
        let optional: Bool
        let members: [Member]
        /// The photo slots (their inputs are files named by path) and the purpose an upload there gets.
        let photos: [Photo]

        /// The import's columns of this section (its members that have a header), by path.
        var importMembers: [String] { members.filter { $0.header != nil }.map(\.name) }
    }

    struct Photo: Sendable {
        /// Its JSON name inside the section (`frontAttachmentId`).
        let name: String
        let label: String
        let purpose: AttachmentPurpose
    }

    static func faces(_ purpose: AttachmentPurpose) -> [Photo] {
        [Photo(name: "frontAttachmentId", label: "照片（正面）", purpose: purpose), Photo(name: "backAttachmentId", label: "照片（反面）", purpose: purpose)]
    }

    static let education = Section(id: "education", path: "education", title: "学历信息", optional: false, members: [
        Member("level", "学历", .code(Codes(EducationLevel.self))),
        Member("studyForm", "学习形式", .code(Codes(StudyForm.self))),
        Member("enrolledOn", "入学时间", .date),
        Member("graduatedOn", "毕业时间", .date),
        Member("school", "毕业学校", .text),
        Member("lengthYears", "学制（年）", .number),
        Member("majorType", "专业类别", .code(Codes(MajorType.self))),
        Member("major", "所学专业", .text),
        Member("diplomaNumber", "毕业证书编号", .text),
        Member("verificationReportNumber", "学历认证报告编号", .text),
    ], photos: [Photo(name: "certificateAttachmentId", label: "毕业证书照片", purpose: .educationCertificate)])

    static let title = Section(id: "title", path: "title", title: "专业技术职称", optional: true, members: [
        Member("series", "职称系列", .code(Codes(TitleSeries.self))),
        Member("level", "职称级别", .code(Codes(TitleLevel.self))),
        Member("speciality", "专业", .text, header: "职称专业"),
        Member("obtainedBy", "取得方式", .code(Codes(TitleObtainedBy.self)), header: "职称取得方式"),
        Member("route", "取得途径", .code(Codes(TitleRoute.self)), header: "职称取得途径"),
        Member("approvedOn", "批准时间", .date, header: "职称批准时间"),
        Member("certificateNumber", "证书编号", .text, header: "职称证书编号"),
        Member("provincialLine", "是否省线", .yesNo),
        Member("grassrootsSenior", "是否基层高级职称", .yesNo),
        Member("appointedOn", "聘任时间", .date, header: "职称聘任时间"),
    ], photos: faces(.titleCertificate))

    /// A qualification certificate: the form has `qualificationSlots` of them
    /// (`qualificationCertificates[0]` …); the import one per level (`importQualifications`), its
    /// level given by the columns' prefix.
    static let qualification = Section(id: "qualification", path: "qualificationCertificates", title: "医师资格证书", optional: true, members: [
        Member("level", "级别", .code(Codes(ExamLevel.self)), header: nil),
        Member("category", "类别", .code(Codes(ExamCategory.self))),
        Member("issuedOn", "签发时间", .date),
        Member("number", "证书编号", .text, header: "编号"),
    ], photos: faces(.qualificationCertificate))

    static let practice = Section(id: "practice", path: "practiceCertificate", title: "医师执业证书", optional: true, members: [
        Member("level", "级别", .code(Codes(ExamLevel.self)), header: "医师执业证书级别"),
        Member("category", "类别", .code(Codes(ExamCategory.self)), header: "医师执业证书类别"),
        Member("issuedOn", "签发时间", .date, header: "医师执业证书签发时间"),
        Member("issuingAuthority", "发证机关", .text, header: "医师执业证书发证机关"),
        Member("practicePlace", "执业地点", .text, header: "医师执业证书执业地点"),
        Member("number", "证书编号", .text, header: "医师执业证书编号"),
        Member("scope", "执业范围", .text, header: "医师执业证书执业范围"),
    ], photos: faces(.practiceCertificate))

    // A nurse's practice certificate is a practice certificate (as the API's slots say).
    static let nurse = Section(id: "nurse", path: "nurseCertificate", title: "护士执业证书", optional: true, members: [
        Member("number", "证书编号", .text, header: "护士执业证书编号"),
        Member("issuedOn", "签发时间", .date, header: "护士执业证书签发时间"),
        Member("issuingAuthority", "发证机关", .text, header: "护士执业证书发证机关"),
        Member("practicePlace", "执业地点", .text, header: "护士执业证书执业地点"),
    ], photos: faces(.practiceCertificate))

    static let trial = Section(id: "trial", path: "trial", title: "试用期信息", optional: true, members: [
        Member("position", "试用岗位", .text),
        Member("category", "试用类别", .code(Codes(ExamCategory.self))),
        Member("assistantUpgrade", "是否执业助理医师报考执业医师", .yesNo),
        Member("freshGraduate", "是否应届毕业生", .yesNo),
        Member("startDate", "试用开始时间", .date),
        Member("endDate", "试用结束时间", .date),
        Member("supervisorName", "带教老师", .text),
    ], photos: [])

    /// The members a saved version may leave empty, by path (`section.member`); every other member of
    /// a present section is required (`ExamRecordRules`), marked in red on the candidate's page.
    static let optionalMembers: Set<String> = [
        "education.majorType", "education.major", "education.verificationReportNumber", "title.appointedOn", "practiceCertificate.number",
        "nurseCertificate.issuingAuthority", "nurseCertificate.practicePlace",
    ]

    /// The record's sections in order (the qualification section stands for each certificate).
    static let sections = [education, title, qualification, practice, nurse, trial]

    /// How many qualification certificates the console's form offers.
    static let qualificationSlots = 2

    /// The import's qualification certificates: the columns' prefix, the level it stands for and the
    /// certificate's name in the Chinese headers.
    static let importQualifications: [(prefix: String, level: ExamLevel, name: String)] = [
        ("physicianQualification", .physician, "执业医师资格证书"), ("assistantQualification", .assistantPhysician, "执业助理医师资格证书"),
    ]

    // MARK: The console's form

    /// One input of the form, named by the JSON path of the member it fills.
    struct FormField: Sendable {
        /// The input's name: the member's JSON path.
        let name: String
        /// The member's name inside its section.
        let member: String
        let label: String
        let kind: Kind
    }

    struct FormSection: Sendable {
        let id: String
        let title: String
        let optional: Bool
        let fields: [FormField]
        let photos: [(path: String, member: String, label: String, purpose: AttachmentPurpose)]
        /// The table's section it shows, and which qualification certificate (nil for the others).
        let section: Section
        let slot: Int?
    }

    /// The form's sections: every section of the table, the qualification certificate once per slot.
    static let formSections: [FormSection] = sections.flatMap { section -> [FormSection] in
        func form(_ id: String, _ prefix: String, _ title: String, slot: Int?) -> FormSection {
            FormSection(
                id: id, title: title, optional: section.optional,
                fields: section.members.map { FormField(name: prefix + "." + $0.name, member: $0.name, label: $0.label, kind: $0.kind) },
                photos: section.photos.map { (prefix + "." + $0.name, $0.name, $0.label, $0.purpose) }, section: section, slot: slot
            )
        }
        guard section.id == qualification.id else { return [form(section.id, section.path, section.title, slot: nil)] }
        return (0..<qualificationSlots).map { slot in
            form("\(section.id)-\(slot)", "\(section.path)[\(slot)]", "\(section.title)（\(slot + 1)）", slot: slot)
        }
    }

    /// The attachment members a saved version may hold, kept through the form as hidden inputs.
    static func isAttachment(_ path: String) -> Bool { path.hasSuffix("AttachmentId") }

    /// The purpose of a photo slot's path; nil for anything else.
    static func purpose(of path: String) -> AttachmentPurpose? {
        formSections.lazy.flatMap(\.photos).first { $0.path == path }?.purpose
    }

    /// The label of a path (`qualificationCertificates[0].number` → 医师资格证书（1） · 证书编号).
    static func label(of path: String) -> String {
        for section in formSections {
            if let field = section.fields.first(where: { $0.name == path }) { return section.title + " · " + field.label }
        }
        return path
    }

    /// `qualificationCertificates[0].frontAttachmentId` → 医师资格证书（1） 正面.
    static func photoLabel(_ path: String) -> String {
        let side = path.hasSuffix("frontAttachmentId") ? " 正面" : path.hasSuffix("backAttachmentId") ? " 反面" : ""
        let section = path.split(separator: ".").first.map(String.init) ?? path
        let title = formSections.first { form in form.fields.first?.name.hasPrefix(section + ".") == true }?.title ?? section
        return title + side
    }
}

// MARK: The input, the import and the export

extension ExamRecordFields {
    /// The input the present sections describe, each with its members by name (the qualification
    /// certificates in order, as a list), read as a `PUT` body is: the form and the import build their
    /// input here, from the table, instead of naming every member again.
    static func input(_ present: [(section: Section, members: [String: JSONValue])]) -> ExamRecordInput {
        var object: [String: JSONValue] = [:]
        var certificates: [JSONValue] = []
        for (section, members) in present {
            if section.id == qualification.id { certificates.append(.object(members)) } else { object[section.path] = .object(members) }
        }
        object[qualification.path] = .array(certificates)
        do {
            return try JSONDecoder().decode(ExamRecordInput.self, from: JSONEncoder().encode(JSONValue.object(object)))
        } catch {
            preconditionFailure("the field table names a member ExamRecordInput does not decode: \(error)")  // every form and import test reaches this
        }
    }

    /// A saved version's leaves (`ExamRecordContent.leaves()`) as the import's columns: codes as their
    /// Chinese labels, yes/no as 是/否, the qualification certificates by level.
    static func importValues(of leaves: [String: String]) -> [String: String] {
        var values: [String: String] = [:]
        func put(_ member: Member, _ path: String, as column: String) {
            guard member.header != nil, let leaf = leaves[path] else { return }
            switch member.kind {
            case .code(let codes): values[column] = codes.choices.first { $0.code == leaf }?.label ?? leaf
            case .yesNo: values[column] = leaf == "true" ? "是" : "否"
            case .text, .date, .number: values[column] = leaf
            }
        }
        for section in sections where section.id != qualification.id {
            for member in section.members { put(member, "\(section.path).\(member.name)", as: "\(section.path).\(member.name)") }
        }
        var index = 0
        while let level = leaves["\(qualification.path)[\(index)].level"] {
            if let prefix = importQualifications.first(where: { $0.level.rawValue == level })?.prefix {
                for member in qualification.members { put(member, "\(qualification.path)[\(index)].\(member.name)", as: "\(prefix).\(member.name)") }
            }
            index += 1
        }
        return values
    }
}
