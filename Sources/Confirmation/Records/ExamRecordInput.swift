import Web

/// An exam information record as a unit sends it, before validation: every member optional and codes
/// and dates as text, so that one pass can report every problem by JSON path. A `PUT` body and a CSV
/// row both become one of these.
struct ExamRecordInput: Decodable, Sendable, Equatable {
    var education: Education?
    var title: Title?
    var qualificationCertificates: [QualificationCertificate]?
    var practiceCertificate: PracticeCertificate?
    var nurseCertificate: NurseCertificate?
    var trial: Trial?

    struct Education: Decodable, Sendable, Equatable {
        var level: String?
        var studyForm: String?
        var enrolledOn: String?
        var graduatedOn: String?
        var school: String?
        var lengthYears: Int?
        var majorType: String?
        var major: String?
        var diplomaNumber: String?
        var verificationReportNumber: String?
        var certificateAttachmentId: String?
    }

    struct Title: Decodable, Sendable, Equatable {
        var series: String?
        var level: String?
        var speciality: String?
        var obtainedBy: String?
        var route: String?
        var approvedOn: String?
        var certificateNumber: String?
        var provincialLine: Bool?
        var grassrootsSenior: Bool?
        var appointedOn: String?
        var frontAttachmentId: String?
        var backAttachmentId: String?
    }

    struct QualificationCertificate: Decodable, Sendable, Equatable {
        var level: String?
        var category: String?
        var issuedOn: String?
        var number: String?
        var frontAttachmentId: String?
        var backAttachmentId: String?
    }

    struct PracticeCertificate: Decodable, Sendable, Equatable {
        var level: String?
        var category: String?
        var issuedOn: String?
        var issuingAuthority: String?
        var practicePlace: String?
        var number: String?
        var scope: String?
        var frontAttachmentId: String?
        var backAttachmentId: String?
    }

    struct NurseCertificate: Decodable, Sendable, Equatable {
        var number: String?
        var issuedOn: String?
        var issuingAuthority: String?
        var practicePlace: String?
        var frontAttachmentId: String?
        var backAttachmentId: String?
    }

    struct Trial: Decodable, Sendable, Equatable {
        var position: String?
        var category: String?
        var assistantUpgrade: Bool?
        var freshGraduate: Bool?
        var startDate: String?
        var endDate: String?
        var supervisorName: String?
    }
}

/// `PUT /units/{id}/exam-records/{year}/{accountId}`: the record, the version it replaces (absent for
/// the first save) and an optional note (the reply to a dispute).
struct ExamRecordSaveRequest: Decodable, Sendable {
    let version: Int?
    let note: String?
    let record: ExamRecordInput

    enum CodingKeys: String, CodingKey { case version, note }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        record = try ExamRecordInput(from: decoder)
    }
}
