import Contracts
import Foundation
import Hummingbird
import Web

// The only TrialPeriod declaration types that reach HTTP.

struct CreateDeclarationRequest: Decodable, Sendable {
    let level: String
    let category: String
    let tcmSubtype: String?
    let noticeAcknowledged: Bool
}

/// `PUT /trial/applications/{id}`: the whole editable part; what is left out is stored empty.
struct DeclarationEditRequest: Decodable, Sendable {
    let version: Int
    let level: String
    let category: String
    let tcmSubtype: String?
    let education: EducationBody?
    let assistantUpgrade: AssistantUpgradeBody?
    let freshGraduate: Bool?
    let trialInstitutions: [TrialInstitutionBody]?
    let attachments: [AttachmentBody]?
    /// 现役军人.
    let activeMilitary: Bool?

    struct EducationBody: Decodable, Sendable {
        let level: String?
        let studyForm: String?
        let school: String?
        let major: String?
        let enrolledOn: String?
        let graduatedOn: String?
        let diplomaNumber: String?
    }

    struct AssistantUpgradeBody: Decodable, Sendable {
        let qualificationCertificateNumber: String?
        let practiceCertificateNumber: String?
        let practiceRegisteredOn: String?
        let qualificationCategory: String?
        let qualifiedOn: String?
    }

    struct TrialInstitutionBody: Decodable, Sendable {
        let name: String?
        let department: String?
        let position: String?
        let startDate: String?
        let endDate: String?
        let supervisorName: String?
        let current: Bool?
    }

    struct AttachmentBody: Decodable, Sendable {
        let purpose: String
        let attachmentId: String
    }
}

struct VersionRequest: Decodable, Sendable {
    let version: Int
}

struct ReasonRequest: Decodable, Sendable {
    let reason: String
}

struct ConfirmEntryRequest: Decodable, Sendable {
    let confirmed: Bool
    let note: String?
}

// MARK: Responses

struct ApplicantResponse: Encodable, Sendable {
    let realName: String
    @Nullable var gender: String?
    @Nullable var ethnicity: String?
    let documentType: String
    /// Whole: only its owner and the reviewing unit (which checks it against originals) read a declaration.
    let documentNumber: String
}

struct DeclaringUnitResponse: Encodable, Sendable {
    let id: String
    let name: String
    let uscc: String
}

struct EducationResponse: Encodable, Sendable {
    @Nullable var level: String?
    @Nullable var studyForm: String?
    @Nullable var school: String?
    @Nullable var major: String?
    @Nullable var enrolledOn: CalendarDate?
    @Nullable var graduatedOn: CalendarDate?
    @Nullable var diplomaNumber: String?

    init(_ education: Education) {
        level = education.level?.rawValue
        studyForm = education.studyForm?.rawValue
        school = education.school
        major = education.major
        enrolledOn = education.enrolledOn
        graduatedOn = education.graduatedOn
        diplomaNumber = education.diplomaNumber
    }
}

struct AssistantUpgradeResponse: Encodable, Sendable {
    @Nullable var qualificationCertificateNumber: String?
    @Nullable var practiceCertificateNumber: String?
    @Nullable var practiceRegisteredOn: CalendarDate?
    @Nullable var qualificationCategory: String?
    @Nullable var qualifiedOn: CalendarDate?

    init(_ upgrade: AssistantUpgrade) {
        qualificationCertificateNumber = upgrade.qualificationCertificateNumber
        practiceCertificateNumber = upgrade.practiceCertificateNumber
        practiceRegisteredOn = upgrade.practiceRegisteredOn
        qualificationCategory = upgrade.qualificationCategory?.rawValue
        qualifiedOn = upgrade.qualifiedOn
    }
}

struct EntryConfirmationResponse: Encodable, Sendable {
    let confirmed: Bool
    @Nullable var note: String?
    let confirmedAt: Date
}

struct TrialInstitutionResponse: Encodable, Sendable {
    @Nullable var name: String?
    @Nullable var department: String?
    @Nullable var position: String?
    @Nullable var startDate: CalendarDate?
    @Nullable var endDate: CalendarDate?
    @Nullable var supervisorName: String?
    let current: Bool
    @Nullable var confirmation: EntryConfirmationResponse?

    init(_ entry: TrialInstitutionEntry) {
        name = entry.name
        department = entry.department
        position = entry.position
        startDate = entry.startDate
        endDate = entry.endDate
        supervisorName = entry.supervisorName
        current = entry.current
        confirmation = entry.confirmation.map { EntryConfirmationResponse(confirmed: $0.confirmed, note: $0.note, confirmedAt: $0.at) }
    }
}

struct DeclaredAttachmentResponse: Encodable, Sendable {
    let purpose: String
    let attachmentId: String
    /// Where the reader downloads it (the owner, or the reviewing unit once submitted).
    let href: String
}

/// The declaration as the candidate and the reviewing unit see it.
struct DeclarationResponse: ResponseEncodable, Sendable {
    let id: String
    let cycle: Int
    let status: String
    let version: Int
    let level: String
    let category: String
    @Nullable var tcmSubtype: String?
    let noticeAcknowledgedAt: Date
    @Nullable var applicant: ApplicantResponse?
    let declaringUnit: DeclaringUnitResponse
    let education: EducationResponse
    @Nullable var assistantUpgrade: AssistantUpgradeResponse?
    let freshGraduate: Bool
    let activeMilitary: Bool
    let trialInstitutions: [TrialInstitutionResponse]
    let attachments: [DeclaredAttachmentResponse]
    @Nullable var submittedAt: Date?
    @Nullable var approvedAt: Date?
    let updatedAt: Date
    let allowedActions: [String]

    init(_ view: DeclarationView) {
        let declaration = view.declaration
        let content = declaration.content
        id = declaration.id.uuidString.lowercased()
        cycle = declaration.cycle
        status = declaration.status.rawValue
        version = declaration.version
        level = content.level.rawValue
        category = content.category.rawValue
        tcmSubtype = content.tcmSubtype?.rawValue
        noticeAcknowledgedAt = declaration.noticeAcknowledgedAt
        applicant = view.applicant.map { identity in
            ApplicantResponse(
                realName: identity.realName, gender: identity.gender?.rawValue, ethnicity: identity.ethnicity, documentType: identity.documentType,
                documentNumber: identity.documentNumber
            )
        }
        declaringUnit = DeclaringUnitResponse(id: view.unit.id.description, name: view.unit.name, uscc: view.unit.uscc)
        education = EducationResponse(content.education)
        assistantUpgrade = content.assistantUpgrade.map(AssistantUpgradeResponse.init)
        freshGraduate = content.freshGraduate
        activeMilitary = content.activeMilitary
        trialInstitutions = content.trialInstitutions.map(TrialInstitutionResponse.init)
        attachments = content.attachments.map {
            DeclaredAttachmentResponse(purpose: $0.purpose.rawValue, attachmentId: $0.attachment.description, href: LinkedPaths.attachment.link($0.attachment))
        }
        submittedAt = declaration.submittedAt
        approvedAt = declaration.approvedAt
        updatedAt = declaration.updatedAt
        allowedActions = view.allowedActions
    }
}

/// A line of a list (记录, or the unit's review list).
struct DeclarationSummaryResponse: Encodable, Sendable {
    let id: String
    let cycle: Int
    let status: String
    let version: Int
    let applicantName: String
    let level: String
    let category: String
    @Nullable var tcmSubtype: String?
    let updatedAt: Date
    @Nullable var submittedAt: Date?
    @Nullable var approvedAt: Date?

    init(_ summary: DeclarationSummary) {
        id = summary.id.uuidString.lowercased()
        cycle = summary.cycle
        status = summary.status.rawValue
        version = summary.version
        applicantName = summary.applicantName
        level = summary.level.rawValue
        category = summary.category.rawValue
        tcmSubtype = summary.tcmSubtype?.rawValue
        updatedAt = summary.updatedAt
        submittedAt = summary.submittedAt
        approvedAt = summary.approvedAt
    }
}

struct DeclarationListResponse: ResponseEncodable, Sendable {
    let items: [DeclarationSummaryResponse]
}

/// The unit's list: a page and how many declarations are in each status.
struct UnitDeclarationPageResponse: ResponseEncodable, Sendable {
    let items: [DeclarationSummaryResponse]
    @Nullable var nextCursor: String?
    let counts: [String: Int]

    /// The same JSON as `encode(to:)` through `JSONCoding.encoder`, written directly: the encoder was 28 %
    /// of the server's CPU for this route (issue 14). `ResponseWriterTests` holds the two to the same bytes.
    func json() -> JSONWriter {
        var json = JSONWriter(capacity: 512 + 384 * items.count)
        json.beginObject()
        json.key("counts")
        json.beginObject()
        for (status, count) in counts.sorted(by: { $0.key < $1.key }) {
            json.key(dynamic: status)
            json.int(count)
        }
        json.endObject()
        json.key("items")
        json.beginArray()
        for item in items {
            json.beginObject()
            json.key("applicantName"); json.string(item.applicantName)
            json.key("approvedAt"); json.date(item.approvedAt)
            json.key("category"); json.string(item.category)
            json.key("cycle"); json.int(item.cycle)
            json.key("id"); json.string(item.id)
            json.key("level"); json.string(item.level)
            json.key("status"); json.string(item.status)
            json.key("submittedAt"); json.date(item.submittedAt)
            json.key("tcmSubtype"); json.string(item.tcmSubtype)
            json.key("updatedAt"); json.date(item.updatedAt)
            json.key("version"); json.int(item.version)
            json.endObject()
        }
        json.endArray()
        json.key("nextCursor"); json.string(nextCursor)
        json.endObject()
        return json
    }
}

/// One step of 进度详情.
struct ProgressEventResponse: Encodable, Sendable {
    let at: Date
    let action: String
    @Nullable var fromStatus: String?
    let toStatus: String
    let actorRole: String
    @Nullable var reason: String?
}

struct ProgressResponse: ResponseEncodable, Sendable {
    let items: [ProgressEventResponse]
}
