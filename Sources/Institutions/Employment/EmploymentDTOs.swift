import Contracts
import Foundation
import Hummingbird
import Web

// The Employment aggregate's types that reach HTTP: the caller's own employment.

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
