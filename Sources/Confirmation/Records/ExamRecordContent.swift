import Contracts
import Foundation
import LibCrypto
import Web

/// The information a unit enters, exactly as one version stores it and as the API shows it. A version
/// is an immutable document, so the stored JSON and the wire shape are one by design (ADR 0011): every
/// member is written, `null` when empty. Codes are stored as their stable strings, attachments as
/// lower-case UUID text.
struct ExamRecordContent: Codable, Equatable, Sendable {
    var education: EducationSection
    @Nullable var title: TitleSection?
    var qualificationCertificates: [QualificationCertificate]
    @Nullable var practiceCertificate: PracticeCertificate?
    @Nullable var nurseCertificate: NurseCertificate?
    @Nullable var trial: TrialSection?

    /// 学历信息 (required).
    struct EducationSection: Codable, Equatable, Sendable {
        var level: EducationLevel
        var studyForm: StudyForm
        var enrolledOn: CalendarDate
        var graduatedOn: CalendarDate
        var school: String
        var lengthYears: Int
        @Nullable var majorType: MajorType?
        @Nullable var major: String?
        var diplomaNumber: String
        @Nullable var verificationReportNumber: String?
        @Nullable var certificateAttachmentId: String?
    }

    /// 专业技术职称.
    struct TitleSection: Codable, Equatable, Sendable {
        var series: TitleSeries
        var level: TitleLevel
        var speciality: String
        var obtainedBy: TitleObtainedBy
        var route: TitleRoute
        var approvedOn: CalendarDate
        var certificateNumber: String
        var provincialLine: Bool
        var grassrootsSenior: Bool
        @Nullable var appointedOn: CalendarDate?
        @Nullable var frontAttachmentId: String?
        @Nullable var backAttachmentId: String?
    }

    /// 医师资格证, at most one per level.
    struct QualificationCertificate: Codable, Equatable, Sendable {
        var level: ExamLevel
        var category: ExamCategory
        var issuedOn: CalendarDate
        var number: String
        @Nullable var frontAttachmentId: String?
        @Nullable var backAttachmentId: String?
    }

    /// 医师执业证.
    struct PracticeCertificate: Codable, Equatable, Sendable {
        var level: ExamLevel
        var category: ExamCategory
        var issuedOn: CalendarDate
        var issuingAuthority: String
        var practicePlace: String
        @Nullable var number: String?
        var scope: String
        @Nullable var frontAttachmentId: String?
        @Nullable var backAttachmentId: String?
    }

    /// 护士执业证: the guide's form shows no fields for it (无此信息); these are the certificate's own.
    struct NurseCertificate: Codable, Equatable, Sendable {
        var number: String
        var issuedOn: CalendarDate
        @Nullable var issuingAuthority: String?
        @Nullable var practicePlace: String?
        @Nullable var frontAttachmentId: String?
        @Nullable var backAttachmentId: String?
    }

    /// 试用期单位（当前工作单位）.
    struct TrialSection: Codable, Equatable, Sendable {
        var position: String
        var category: ExamCategory
        var assistantUpgrade: Bool
        var freshGraduate: Bool
        var startDate: CalendarDate
        var endDate: CalendarDate
        var supervisorName: String
    }
}

extension ExamRecordContent {
    /// The canonical JSON (keys sorted, no whitespace): what is stored and what the hash covers.
    func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// SHA-256 of the canonical JSON, lower-case hex: a confirmation names it, so what was confirmed
    /// can be proven later from the stored version.
    func contentHash() throws -> String {
        Hex.encode(SHA256.hash(try canonicalJSON()))
    }

    static func decode(_ json: String) throws -> ExamRecordContent {
        try JSONDecoder().decode(ExamRecordContent.self, from: Data(json.utf8))
    }

    /// Every non-null leaf by JSON path (`education.school`, `qualificationCertificates[0].number`) as
    /// display text (strings as they are, numbers and booleans as JSON writes them), for
    /// field-by-field differences and for checking the paths a dispute points at.
    func leaves() throws -> [String: String] {
        var out: [String: String] = [:]
        try JSONDecoder().decode(JSONValue.self, from: try canonicalJSON()).flatten(path: "", into: &out)
        return out
    }

    /// The attachment fields of the sections present, by path, with the purpose an attachment there must have.
    var attachmentSlots: [(path: String, purpose: AttachmentPurpose, value: String?)] {
        var slots: [(String, AttachmentPurpose, String?)] = [("education.certificateAttachmentId", .educationCertificate, education.certificateAttachmentId)]
        if let title {
            slots.append(("title.frontAttachmentId", .titleCertificate, title.frontAttachmentId))
            slots.append(("title.backAttachmentId", .titleCertificate, title.backAttachmentId))
        }
        for (index, certificate) in qualificationCertificates.enumerated() {
            slots.append(("qualificationCertificates[\(index)].frontAttachmentId", .qualificationCertificate, certificate.frontAttachmentId))
            slots.append(("qualificationCertificates[\(index)].backAttachmentId", .qualificationCertificate, certificate.backAttachmentId))
        }
        if let practiceCertificate {
            slots.append(("practiceCertificate.frontAttachmentId", .practiceCertificate, practiceCertificate.frontAttachmentId))
            slots.append(("practiceCertificate.backAttachmentId", .practiceCertificate, practiceCertificate.backAttachmentId))
        }
        if let nurseCertificate {
            // No purpose of its own: a nurse's practice certificate is a practice certificate.
            slots.append(("nurseCertificate.frontAttachmentId", .practiceCertificate, nurseCertificate.frontAttachmentId))
            slots.append(("nurseCertificate.backAttachmentId", .practiceCertificate, nurseCertificate.backAttachmentId))
        }
        return slots.map { (path: $0.0, purpose: $0.1, value: $0.2) }
    }
}

/// Any JSON value, to walk a document generically (and to build an input from the field table).
enum JSONValue: Codable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// A whole number, as an input is built with one (decoding reads every number as `number`).
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }

    func flatten(path: String, into out: inout [String: String]) {
        switch self {
        case .null: break
        case .bool(let value): out[path] = value ? "true" : "false"
        case .number(let value): out[path] = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .integer(let value): out[path] = String(value)
        case .string(let value): out[path] = value
        case .array(let elements):
            for (index, element) in elements.enumerated() { element.flatten(path: "\(path)[\(index)]", into: &out) }
        case .object(let members):
            for (key, member) in members { member.flatten(path: path.isEmpty ? key : "\(path).\(key)", into: &out) }
        }
    }
}
