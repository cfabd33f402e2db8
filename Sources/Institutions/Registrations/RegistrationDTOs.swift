import Contracts
import Foundation
import Hummingbird
import Web

// The Registrations aggregate's types that reach HTTP.

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

/// The registrations queue's filter, the same for `GET /admin/institution-registrations` and the
/// console's 机构注册审核: `status`, submitted unless given; an unknown one is refused.
struct RegistrationQueueFilter: Sendable {
    let status: RegistrationStatus

    init(query request: Request) throws {
        guard let text = request.uri.queryParameters["status"] else {
            status = .submitted
            return
        }
        guard let parsed = RegistrationStatus(rawValue: String(text)) else { throw InstitutionsProblems.unsupportedStatus }
        status = parsed
    }
}
