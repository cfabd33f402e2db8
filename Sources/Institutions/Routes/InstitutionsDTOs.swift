import Contracts
import Foundation
import Hummingbird
import LibCrypto
import Web

// The only Institutions types that reach HTTP.

/// An institution as the binding form shows it (单位名称, 机构编码, 主管单位, 机构类别) and its region.
struct InstitutionResponse: ResponseEncodable, Sendable {
    let id: String
    let name: String
    let uscc: String
    let superiorUnit: String?
    let category: String
    let categoryLabel: String
    let region: String
    let regionLabel: String

    init(_ summary: InstitutionSummary) {
        id = summary.id.description
        name = summary.name
        uscc = summary.uscc
        superiorUnit = summary.superiorUnit
        category = summary.category.rawValue
        categoryLabel = summary.category.label
        region = summary.region.rawValue
        regionLabel = summary.region.label
    }

    init(_ institution: Institution) {
        self.init(InstitutionSummary(
            id: institution.id, name: institution.name, uscc: institution.uscc, superiorUnit: institution.superiorUnit,
            category: institution.category, region: institution.region
        ))
    }

    enum CodingKeys: String, CodingKey { case id, name, uscc, superiorUnit, category, categoryLabel, region, regionLabel }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(uscc, forKey: .uscc)
        try container.encode(superiorUnit, forKey: .superiorUnit)
        try container.encode(category, forKey: .category)
        try container.encode(categoryLabel, forKey: .categoryLabel)
        try container.encode(region, forKey: .region)
        try container.encode(regionLabel, forKey: .regionLabel)
    }
}

/// `GET /units/{id}`: the institution with what its administrators also see.
struct UnitResponse: ResponseEncodable, Sendable {
    let institution: InstitutionResponse
    let address: String
    let status: String
    let usccCheckPassed: Bool

    init(_ institution: Institution) {
        self.institution = InstitutionResponse(institution)
        address = institution.address
        status = institution.status.rawValue
        usccCheckPassed = institution.usccCheckPassed
    }

    enum CodingKeys: String, CodingKey { case address, status, usccCheckPassed }

    func encode(to encoder: any Encoder) throws {
        try institution.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(status, forKey: .status)
        try container.encode(usccCheckPassed, forKey: .usccCheckPassed)
    }
}

struct ConfirmationCodeResponse: ResponseEncodable, Sendable {
    let code: String
    let rotatedAt: Date
}

struct EmploymentRequest: Decodable, Sendable {
    let institutionId: String
    let confirmationCode: String
}

struct EmploymentPeriodResponse: Encodable, Sendable {
    let institution: InstitutionResponse
    let since: Date
    let until: Date?

    init(_ employment: Employment) {
        institution = InstitutionResponse(employment.institution)
        since = employment.since
        until = employment.until
    }

    enum CodingKeys: String, CodingKey { case institution, since, until }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(institution, forKey: .institution)
        try container.encode(since, forKey: .since)
        try container.encode(until, forKey: .until)
    }
}

/// `GET /me/employment`: the current unit (null when unbound) and every period, newest first.
struct EmploymentResponse: ResponseEncodable, Sendable {
    let current: EmploymentPeriodResponse?
    let history: [EmploymentPeriodResponse]

    enum CodingKeys: String, CodingKey { case current, history }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(current, forKey: .current)
        try container.encode(history, forKey: .history)
    }
}

struct RegistrationRequest: Decodable, Sendable {
    let name: String
    let uscc: String
    let superiorUnit: String?
    let category: String
    let region: String
    let address: String
    let contactName: String
    let contactPhone: String
    let licenceAttachmentId: String

    var institutionInput: InstitutionRules.Input {
        InstitutionRules.Input(name: name, uscc: uscc, superiorUnit: superiorUnit, category: category, region: region, address: address)
    }
}

struct RegistrationResponse: ResponseEncodable, Sendable {
    let registration: Registration

    init(_ registration: Registration) { self.registration = registration }

    enum CodingKeys: String, CodingKey {
        case id, status, name, uscc, usccCheckPassed, superiorUnit, category, region, address, contactName, contactPhone
        case licenceAttachmentId, rejectReason, institutionId, submittedAt, reviewedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let r = registration
        try container.encode(r.id.uuidString.lowercased(), forKey: .id)
        try container.encode(r.status.rawValue, forKey: .status)
        try container.encode(r.details.name, forKey: .name)
        try container.encode(r.details.uscc, forKey: .uscc)
        try container.encode(r.details.usccCheckPassed, forKey: .usccCheckPassed)
        try container.encode(r.details.superiorUnit, forKey: .superiorUnit)
        try container.encode(r.details.category.rawValue, forKey: .category)
        try container.encode(r.details.region.rawValue, forKey: .region)
        try container.encode(r.details.address, forKey: .address)
        try container.encode(r.contactName, forKey: .contactName)
        try container.encode(r.contactPhone, forKey: .contactPhone)
        try container.encode(r.licence.description, forKey: .licenceAttachmentId)
        try container.encode(r.rejectReason, forKey: .rejectReason)
        try container.encode(r.institution?.description, forKey: .institutionId)
        try container.encode(r.submittedAt, forKey: .submittedAt)
        try container.encode(r.reviewedAt, forKey: .reviewedAt)
    }
}

struct RegistrationListResponse: ResponseEncodable, Sendable {
    let items: [RegistrationResponse]
}

struct ApproveRegistrationRequest: Decodable, Sendable {
    let acceptFailedUsccCheck: Bool?
}

struct RejectRequest: Decodable, Sendable {
    let reason: String
}

struct StaffMemberResponse: Encodable, Sendable {
    let accountId: String
    let realName: String?
    let documentNumberMasked: String?
    let since: Date

    enum CodingKeys: String, CodingKey { case accountId, realName, documentNumberMasked, since }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accountId, forKey: .accountId)
        try container.encode(realName, forKey: .realName)
        try container.encode(documentNumberMasked, forKey: .documentNumberMasked)
        try container.encode(since, forKey: .since)
    }
}

struct EndEmploymentRequest: Decodable, Sendable {
    let reason: String
}

struct AdministratorRequest: Decodable, Sendable {
    let accountId: String
}

struct AdministratorsResponse: ResponseEncodable, Sendable {
    let items: [AdministratorResponse]
}

struct AdministratorResponse: Encodable, Sendable {
    let accountId: String
    let realName: String?
}

/// An opaque search position, base64url of its JSON.
enum SearchCursorCodec {
    static func encode(_ cursor: SearchCursor) -> String {
        let data = (try? JSONCoding.encoder.encode(cursor)) ?? Data()
        return Base64URL.encode(Array(data))
    }

    static func decode(_ text: String) -> SearchCursor? {
        guard text.utf8.count <= 512, let bytes = Base64URL.decode(text),
              let cursor = try? JSONCoding.decoder.decode(SearchCursor.self, from: Data(bytes)),
              (0...2).contains(cursor.rank), cursor.name.unicodeScalars.count <= 1000,
              !cursor.name.unicodeScalars.contains("\0")
        else { return nil }
        return cursor
    }
}
