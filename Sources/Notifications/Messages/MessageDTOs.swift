import Contracts
import Foundation
import Hummingbird
import Web

/// One message as the API writes it.
struct MessageResponse: ResponseEncodable, Sendable {
    let id: String
    let kind: String
    let title: String
    let text: String
    let createdAt: Date
    @Nullable var readAt: Date?
    @Nullable var link: LinkResponse?

    struct LinkResponse: Encodable, Sendable {
        let type: String
        let id: String
    }

    init(_ message: Message) {
        id = message.id.uuidString.lowercased()
        kind = message.kind.rawValue
        title = message.title
        text = message.text
        createdAt = message.createdAt
        readAt = message.readAt
        link = message.link.map { LinkResponse(type: $0.type, id: $0.id) }
    }
}

/// `GET /me/messages`: a page of the inbox and the unread count over the whole inbox.
struct InboxResponse: ResponseEncodable, Sendable {
    let items: [MessageResponse]
    @Nullable var nextCursor: String?
    let unreadCount: Int
}

/// `POST /me/messages/read-all`: how many were marked; none is unread afterwards.
struct ReadAllResponse: ResponseEncodable, Sendable {
    let marked: Int
    let unreadCount: Int
}
