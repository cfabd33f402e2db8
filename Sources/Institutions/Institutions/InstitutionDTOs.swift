import Contracts
import Foundation
import Hummingbird
import LibCrypto
import Web

// The Institutions aggregate's types that reach HTTP: the registry, a unit's view of itself, its staff and
// administrators, a platform administrator's edit.

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

/// `PUT /admin/institutions/{id}` and the console's edit form: the details and optionally the status.
struct InstitutionEditRequest: Decodable, Sendable {
    let name: String
    let uscc: String
    let superiorUnit: String?
    let category: String
    let region: String
    let address: String
    let acceptFailedUsccCheck: Bool?
    /// May be left out (unchanged); `null` is refused rather than read as "not sent".
    let status: String?

    enum CodingKeys: String, CodingKey { case name, uscc, superiorUnit, category, region, address, acceptFailedUsccCheck, status }

    /// The console's form, read field by field.
    init(
        name: String, uscc: String, superiorUnit: String?, category: String, region: String, address: String, acceptFailedUsccCheck: Bool?,
        status: String?
    ) {
        (self.name, self.uscc, self.superiorUnit, self.category, self.region, self.address) = (name, uscc, superiorUnit, category, region, address)
        (self.acceptFailedUsccCheck, self.status) = (acceptFailedUsccCheck, status)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        uscc = try container.decode(String.self, forKey: .uscc)
        superiorUnit = try container.decodeIfPresent(String.self, forKey: .superiorUnit)
        category = try container.decode(String.self, forKey: .category)
        region = try container.decode(String.self, forKey: .region)
        address = try container.decode(String.self, forKey: .address)
        acceptFailedUsccCheck = try container.decodeIfPresentNotNull(Bool.self, forKey: .acceptFailedUsccCheck)
        status = try container.decodeIfPresentNotNull(String.self, forKey: .status)
    }
}

/// `GET /institutions` and the console's 机构管理: the search and its position, read from the query the
/// same way for both (the console sends only `q`).
struct InstitutionSearchRequest: Sendable {
    let query: InstitutionQuery
    let cursor: SearchCursor?
    let limit: Int

    init(query request: Request) throws {
        let parameters = request.uri.queryParameters
        query = try InstitutionRules.query(
            text: parameters["q"].map(String.init), region: parameters["region"].map(String.init), category: parameters["category"].map(String.init)
        )
        limit = try PageRequest(query: request, cursorless: true).limit
        if let text = parameters["cursor"] {
            guard let decoded = SearchCursor(encoded: String(text)) else { throw PageRequest.invalidCursor }
            cursor = decoded
        } else {
            cursor = nil
        }
    }
}

/// `GET /units/{id}/staff` and the console's 本单位人员: the name fragment (`q`), cleaned by the service.
struct StaffFilter: Sendable {
    let nameContaining: String?

    init(query request: Request) {
        nameContaining = request.uri.queryParameters["q"].map(String.init)
    }
}
