import Foundation
import Hummingbird
import Web

/// `POST /me/message-subscriptions`: the template ids `wx.requestSubscribeMessage` reported `accept` for.
struct SubscriptionRequest: Decodable, Sendable {
    let templateIds: [String]
}

/// The caller's remaining acceptances of each template just recorded.
struct SubscriptionsResponse: ResponseEncodable, Sendable {
    struct Item: Encodable, Sendable {
        let templateId: String
        let remaining: Int
    }

    let items: [Item]
}
