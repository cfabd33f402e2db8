import Contracts
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
    public func record(_ event: AuditEvent, origin: RequestOrigin) async throws {
        try await execute(
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
