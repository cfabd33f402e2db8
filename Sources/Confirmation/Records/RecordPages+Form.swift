import Console
import Contracts
import Foundation
import Hummingbird
import Web

/// Reading the entry form: each input is named by the JSON path of the member it fills
/// (`education.school`, `qualificationCertificates[1].number`, from `ExamRecordFields`), so the form
/// becomes the very `ExamRecordInput` a `PUT` body decodes to, and every problem the service reports by
/// path lands next to its input.
extension RecordPages {
    /// The entry form's fields; a file chosen for a photo slot is stored first (the API's checks and
    /// limits, owned by the administrator) and its id takes the slot's place.
    func readForm(_ request: Request, by saver: AccountID, origin: RequestOrigin, problems: inout [FieldProblem]) async throws -> FormBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else { return try await FormBody.read(request) }
        let multipart = try await MultipartForm.read(request)
        var fields: [(name: String, value: String)] = multipart.parts.filter { $0.filename == nil }.compactMap { part in
            String(validating: part.content, as: UTF8.self).map { (part.name, $0) }
        }
        for part in multipart.parts where part.filename != nil && !part.content.isEmpty {
            guard let purpose = ExamRecordFields.purpose(of: part.name) else { continue }
            guard let type = Self.sniff(part.content) else {
                problems.append(ConfirmationProblems.unsupportedPhoto(field: part.name))
                continue
            }
            do {
                let id = try await uploader.upload(part.content, declaredType: type, purpose: purpose, owner: saver, origin: origin)
                fields.removeAll { $0.name == part.name }
                fields.append((part.name, id.description))
            } catch let problem as Problem {
                problems.append(ConfirmationProblems.refusedPhoto(field: part.name, problem))
            }
        }
        return FormBody(fields: fields)
    }

    /// The type a file's first bytes say it is: JPEG, PNG or PDF, the types attachments accept.
    static func sniff(_ bytes: [UInt8]) -> AttachmentMediaType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
        return nil
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
            ExamRecordFields.formSections.first { $0.id == section }!.fields.contains { text($0.name) != nil }
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
        for slot in 0..<ExamRecordFields.qualificationSlots where filled("qualification-\(slot)") {
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
