import Contracts
import Foundation
import Hummingbird
import Web

struct ListResponse<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    let items: [Item]
}

/// `POST`/`PUT /me/addresses…`.
struct AddressRequest: Decodable, Sendable {
    let recipient: String
    let phone: String
    let region: String
    let detail: String
    /// May be left out (false); `null` is refused.
    let isDefault: Bool?

    enum CodingKeys: String, CodingKey { case recipient, phone, region, detail, isDefault }

    /// The candidates' address form (`/m/addresses`) builds the same request the API decodes.
    init(recipient: String, phone: String, region: String, detail: String, isDefault: Bool?) {
        self.recipient = recipient
        self.phone = phone
        self.region = region
        self.detail = detail
        self.isDefault = isDefault
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recipient = try container.decode(String.self, forKey: .recipient)
        phone = try container.decode(String.self, forKey: .phone)
        region = try container.decode(String.self, forKey: .region)
        detail = try container.decode(String.self, forKey: .detail)
        isDefault = try container.decodeIfPresentNotNull(Bool.self, forKey: .isDefault)
    }
}

struct AddressResponse: ResponseEncodable, Sendable {
    let id: String
    let recipient: String
    let phone: String
    let region: String
    let detail: String
    let isDefault: Bool
    let createdAt: Date
    let updatedAt: Date

    init(_ address: Address) {
        id = address.id.uuidString.lowercased()
        recipient = address.recipient
        phone = address.phone
        region = address.region
        detail = address.detail
        isDefault = address.isDefault
        createdAt = address.createdAt
        updatedAt = address.updatedAt
    }
}
