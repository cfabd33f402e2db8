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

/// One page of the audit viewer: events about an entity or by an actor, newest first.
public struct AuditSearch: Sendable {
    public var entityType: String?
    public var entityID: String?
    public var actor: AccountID?
    /// Keyset: events strictly older than this (occurred_at, id).
    public var before: (at: Date, id: Int64)?
    public var limit: Int

    public init(entityType: String? = nil, entityID: String? = nil, actor: AccountID? = nil, before: (at: Date, id: Int64)? = nil, limit: Int = 50) {
        self.entityType = entityType
        self.entityID = entityID
        self.actor = actor
        self.before = before
        self.limit = limit
    }
}

/// An event with everything the viewer shows.
public struct ListedEvent: Sendable {
    public let id: Int64
    public let occurredAt: Date
    public let actor: AccountID?
    public let action: String
    public let entityType: String
    public let entityID: String
    public let fromState: String?
    public let toState: String?
    public let requestID: String?
    public let details: [String: String]
}

extension Connection {
    /// Events matching `search` (an entity, an actor, or both), newest first, through the entity or
    /// actor index. Read-only: nothing here can change the trail.
    public func events(matching search: AuditSearch) async throws -> [ListedEvent] {
        // Planned for its values: an entity search and an actor search use different indexes.
        try await queryPlanningEachTime(
            """
            SELECT id, occurred_at, actor_id, action, entity_type, entity_id, from_state, to_state, request_id, details
              FROM audit.events
             WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2) AND ($3::uuid IS NULL OR actor_id = $3)
               AND ($4::timestamptz IS NULL OR (occurred_at, id) < ($4, $5::bigint))
             ORDER BY occurred_at DESC, id DESC LIMIT $6
            """,
            [search.entityType, search.entityID, search.actor?.rawValue, search.before?.at, search.before?.id, search.limit]
        ).map { row in
            ListedEvent(
                id: try row.decode(Int64.self, "id"), occurredAt: try row.decode(Date.self, "occurred_at"),
                actor: try row.decode(UUID?.self, "actor_id").map(AccountID.init), action: try row.decode(String.self, "action"),
                entityType: try row.decode(String.self, "entity_type"), entityID: try row.decode(String.self, "entity_id"),
                fromState: try row.decode(String?.self, "from_state"), toState: try row.decode(String?.self, "to_state"),
                requestID: try row.decode(String?.self, "request_id"),
                details: try row.decode(PostgresJSON<[String: String]>.self, "details").value
            )
        }
    }
}

