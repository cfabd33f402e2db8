import Foundation
import Hummingbird
import Web

/// `PUT /me/message-preferences`: the kinds to turn on or off (the others stay as they are).
struct PreferencesRequest: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        let kind: String
        let enabled: Bool
    }

    let preferences: [Item]
}

/// Every kind a candidate receives, whether it reaches them beyond the inbox, and whether it can be turned off.
struct PreferencesResponse: ResponseEncodable, Sendable {
    struct Item: Encodable, Sendable {
        let kind: String
        let enabled: Bool
        let essential: Bool
    }

    let preferences: [Item]
}
