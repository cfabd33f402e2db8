import Contracts
import Foundation
import Postgres

/// One row of `audit.events`. `details` must never hold a code, token, secret, full document number or
/// photo: store ids and field names, not values.
public struct AuditEvent: Sendable {
    public var action: String
    public var entityType: String
    public var entityID: String
    public var fromState: String?
    public var toState: String?
    public var details: [String: String]

    public init(
        action: String, entityType: String, entityID: String, fromState: String? = nil, toState: String? = nil,
        details: [String: String] = [:]
    ) {
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.fromState = fromState
        self.toState = toState
        self.details = details
    }
}

/// What an audit event is about, by kind: its `entity_type` comes with the identifier, so an account's
/// event cannot be filed under an address by a typo.
public protocol AuditedEntity {
    static var auditType: String { get }
}

extension AccountTag: AuditedEntity { public static let auditType = "account" }
extension AttachmentTag: AuditedEntity { public static let auditType = "attachment" }
extension InstitutionTag: AuditedEntity { public static let auditType = "institution" }

extension AuditEvent {
    /// An event about the entity `id` names, typed.
    public init<Tag: AuditedEntity>(
        action: String, about id: Identifier<Tag>, fromState: String? = nil, toState: String? = nil, details: [String: String] = [:]
    ) {
        self.init(action: action, entityType: Tag.auditType, entityID: id.description, fromState: fromState, toState: toState, details: details)
    }
}

extension Connection {
    /// Appends the event. Call it on the transaction that makes the change, so both commit or neither.
    /// Nothing waits for the insert: it travels with the transaction's next statement or its `COMMIT`,
    /// and if it fails, that step fails and the whole transaction rolls back.
    public func record(_ event: AuditEvent, origin: RequestOrigin) async throws {
        executeLater(
            """
            INSERT INTO audit.events
                (actor_id, action, entity_type, entity_id, from_state, to_state, request_id, client_ip, details)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::inet, $9)
            """,
            [
                origin.actor?.rawValue, event.action, event.entityType, event.entityID, event.fromState,
                event.toState, origin.requestID, origin.clientIP, PostgresJSON(event.details),
            ]
        )
    }
}

/// An event as stored, for a module showing the history of one of its own records (进度详情).
public struct RecordedEvent: Sendable {
    public let occurredAt: Date
    public let actor: AccountID?
    public let action: String
    public let fromState: String?
    public let toState: String?
    public let details: [String: String]
}

extension Connection {
    /// The events about one entity, oldest first (the `events_entity_idx` index answers it).
    public func events(entityType: String, entityID: String) async throws -> [RecordedEvent] {
        try await query(
            """
            SELECT occurred_at, actor_id, action, from_state, to_state, details
              FROM audit.events WHERE entity_type = $1 AND entity_id = $2 ORDER BY occurred_at, id
            """,
            [entityType, entityID]
        ).map { row in
            RecordedEvent(
                occurredAt: try row.decode(Date.self, "occurred_at"), actor: try row.decode(UUID?.self, "actor_id").map(AccountID.init),
                action: try row.decode(String.self, "action"), fromState: try row.decode(String?.self, "from_state"),
                toState: try row.decode(String?.self, "to_state"),
                details: try row.decode(PostgresJSON<[String: String]>.self, "details").value
            )
        }
    }
}
