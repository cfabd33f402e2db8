import Contracts

/// The columns of the bulk entry CSV (documented in docs/exam-record-import.md): `documentNumber`
/// identifies the candidate; the others are the record's fields by path, with the two qualification
/// certificates as `physicianQualification.*` and `assistantQualification.*`. Codes may be written as
/// codes or as their Chinese labels; yes/no as 是/否, true/false or 1/0. A section whose columns are
/// all empty is absent. Attachments are not imported: the faces already attached stay.
enum ImportColumns {
    static let documentNumber = "documentNumber"
    static let note = "note"

    static let education = ["level", "studyForm", "enrolledOn", "graduatedOn", "school", "lengthYears", "majorType", "major", "diplomaNumber",
                            "verificationReportNumber"]
    static let title = ["series", "level", "speciality", "obtainedBy", "route", "approvedOn", "certificateNumber", "provincialLine",
                        "grassrootsSenior", "appointedOn"]
    static let qualification = ["category", "issuedOn", "number"]
    static let practice = ["level", "category", "issuedOn", "issuingAuthority", "practicePlace", "number", "scope"]
    static let nurse = ["number", "issuedOn", "issuingAuthority", "practicePlace"]
    static let trial = ["position", "category", "assistantUpgrade", "freshGraduate", "startDate", "endDate", "supervisorName"]

    static let all: [String] = [documentNumber]
        + education.map { "education.\($0)" } + title.map { "title.\($0)" }
        + qualification.map { "physicianQualification.\($0)" } + qualification.map { "assistantQualification.\($0)" }
        + practice.map { "practiceCertificate.\($0)" } + nurse.map { "nurseCertificate.\($0)" } + trial.map { "trial.\($0)" } + [note]

    /// One data row by column name; a problem for a value that is not even of the right kind (a
    /// number, a yes/no) is reported by its record path.
    struct Row {
        let values: [String: String]
        var problems: [FieldProblem] = []

        init(values: [String: String]) {
            self.values = values
        }

        func text(_ column: String) -> String? {
            guard let value = values[column]?.trimmingBlanks, !value.isEmpty else { return nil }
            return value
        }

        func any(_ prefix: String, _ members: [String]) -> Bool {
            members.contains { text("\(prefix).\($0)") != nil }
        }

        /// A code column: the code itself, or its label turned into the code.
        func code<Code: RecordCode>(_ column: String, _ type: Code.Type) -> String? {
            guard let value = text(column) else { return nil }
            return Code(codeOrLabel: value)?.rawValue ?? value
        }

        mutating func flag(_ column: String, path: String) -> Bool? {
            guard let value = text(column) else { return nil }
            switch value.lowercased() {
            case "是", "true", "1", "yes", "y": return true
            case "否", "false", "0", "no", "n": return false
            default:
                problems.append(FieldProblem(field: path, code: "invalid_boolean", message: "应填写“是”或“否”"))
                return nil
            }
        }

        mutating func integer(_ column: String, path: String) -> Int? {
            guard let value = text(column) else { return nil }
            guard value.count <= 4, let number = Int(value) else {
                problems.append(FieldProblem(field: path, code: "invalid_number", message: "应填写整数"))
                return nil
            }
            return number
        }
    }

    /// The record a row describes (before validation), and the problems of its raw values.
    static func input(from values: [String: String]) -> (ExamRecordInput, [FieldProblem]) {
        var row = Row(values: values)
        var input = ExamRecordInput()
        if row.any("education", education) {
            input.education = ExamRecordInput.Education(
                level: row.code("education.level", EducationLevel.self), studyForm: row.code("education.studyForm", StudyForm.self),
                enrolledOn: row.text("education.enrolledOn"), graduatedOn: row.text("education.graduatedOn"), school: row.text("education.school"),
                lengthYears: row.integer("education.lengthYears", path: "education.lengthYears"),
                majorType: row.code("education.majorType", MajorType.self), major: row.text("education.major"),
                diplomaNumber: row.text("education.diplomaNumber"), verificationReportNumber: row.text("education.verificationReportNumber")
            )
        }
        if row.any("title", title) {
            input.title = ExamRecordInput.Title(
                series: row.code("title.series", TitleSeries.self), level: row.code("title.level", TitleLevel.self),
                speciality: row.text("title.speciality"), obtainedBy: row.code("title.obtainedBy", TitleObtainedBy.self),
                route: row.code("title.route", TitleRoute.self), approvedOn: row.text("title.approvedOn"),
                certificateNumber: row.text("title.certificateNumber"),
                provincialLine: row.flag("title.provincialLine", path: "title.provincialLine"),
                grassrootsSenior: row.flag("title.grassrootsSenior", path: "title.grassrootsSenior"), appointedOn: row.text("title.appointedOn")
            )
        }
        var certificates: [ExamRecordInput.QualificationCertificate] = []
        for (prefix, level) in [("physicianQualification", ExamLevel.physician), ("assistantQualification", .assistantPhysician)]
        where row.any(prefix, qualification) {
            certificates.append(ExamRecordInput.QualificationCertificate(
                level: level.rawValue, category: row.code("\(prefix).category", ExamCategory.self), issuedOn: row.text("\(prefix).issuedOn"),
                number: row.text("\(prefix).number")
            ))
        }
        input.qualificationCertificates = certificates
        if row.any("practiceCertificate", practice) {
            input.practiceCertificate = ExamRecordInput.PracticeCertificate(
                level: row.code("practiceCertificate.level", ExamLevel.self), category: row.code("practiceCertificate.category", ExamCategory.self),
                issuedOn: row.text("practiceCertificate.issuedOn"), issuingAuthority: row.text("practiceCertificate.issuingAuthority"),
                practicePlace: row.text("practiceCertificate.practicePlace"), number: row.text("practiceCertificate.number"),
                scope: row.text("practiceCertificate.scope")
            )
        }
        if row.any("nurseCertificate", nurse) {
            input.nurseCertificate = ExamRecordInput.NurseCertificate(
                number: row.text("nurseCertificate.number"), issuedOn: row.text("nurseCertificate.issuedOn"),
                issuingAuthority: row.text("nurseCertificate.issuingAuthority"), practicePlace: row.text("nurseCertificate.practicePlace")
            )
        }
        if row.any("trial", trial) {
            input.trial = ExamRecordInput.Trial(
                position: row.text("trial.position"), category: row.code("trial.category", ExamCategory.self),
                assistantUpgrade: row.flag("trial.assistantUpgrade", path: "trial.assistantUpgrade"),
                freshGraduate: row.flag("trial.freshGraduate", path: "trial.freshGraduate"), startDate: row.text("trial.startDate"),
                endDate: row.text("trial.endDate"), supervisorName: row.text("trial.supervisorName")
            )
        }
        return (input, row.problems)
    }
}

extension String {
    fileprivate var trimmingBlanks: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

extension ExamRecordInput {
    /// The input with the attachments `content` holds at the same paths, where the input names none
    /// (an import carries no attachments, and must not drop those already attached).
    func keepingAttachments(of content: ExamRecordContent) -> ExamRecordInput {
        var input = self
        let slots = Dictionary(content.attachmentSlots.map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })
        func kept(_ path: String, _ value: String?) -> String? { value ?? slots[path] ?? nil }
        input.education?.certificateAttachmentId = kept("education.certificateAttachmentId", education?.certificateAttachmentId)
        input.title?.frontAttachmentId = kept("title.frontAttachmentId", title?.frontAttachmentId)
        input.title?.backAttachmentId = kept("title.backAttachmentId", title?.backAttachmentId)
        input.practiceCertificate?.frontAttachmentId = kept("practiceCertificate.frontAttachmentId", practiceCertificate?.frontAttachmentId)
        input.practiceCertificate?.backAttachmentId = kept("practiceCertificate.backAttachmentId", practiceCertificate?.backAttachmentId)
        input.nurseCertificate?.frontAttachmentId = kept("nurseCertificate.frontAttachmentId", nurseCertificate?.frontAttachmentId)
        input.nurseCertificate?.backAttachmentId = kept("nurseCertificate.backAttachmentId", nurseCertificate?.backAttachmentId)
        // Qualification certificates are matched by level, not position: an import lists them in its own order.
        let byLevel = Dictionary(content.qualificationCertificates.map { ($0.level.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        input.qualificationCertificates = qualificationCertificates?.map { certificate in
            var certificate = certificate
            if let old = certificate.level.flatMap({ byLevel[$0] }) {
                certificate.frontAttachmentId = certificate.frontAttachmentId ?? old.frontAttachmentId
                certificate.backAttachmentId = certificate.backAttachmentId ?? old.backAttachmentId
            }
            return certificate
        }
        return input
    }
}
