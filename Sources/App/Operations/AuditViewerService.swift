import Audit
import Contracts
import Foundation
import Hummingbird
import Postgres
import Web

/// 审计日志: what to look for, read from the query (`type`, `id`, `actor`, `cursor`).
struct AuditFilter: Sendable {
    let entityType: String?
    let entityID: String?
    /// The actor as typed (shown back in the form) and as an account.
    let actorText: String?
    let actor: AccountID?
    let cursor: AuditPosition?

    init(query request: Request) throws {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters[Substring(name)].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        entityType = value("type")
        entityID = value("id")
        actorText = value("actor")
        if let text = actorText {
            guard let account = AccountID(text) else { throw OperationsProblems.invalidAccount }
            actor = account
        } else {
            actor = nil
        }
        if let text = value("cursor") {
            guard let position = AuditPosition(encoded: text) else { throw PageRequest.invalidCursor }
            cursor = position
        } else {
            cursor = nil
        }
    }

    /// Nothing to look for: the viewer lists nothing rather than the whole trail.
    var isEmpty: Bool { entityType == nil && entityID == nil && actor == nil }

    /// The filters as they go in the list's links.
    var query: QueryString {
        QueryString().adding("type", entityType).adding("id", entityID).adding("actor", actorText)
    }
}

/// A position in the trail, newest first: the time and sequence of the last event shown, carried as a
/// `KeysetCursor`.
struct AuditPosition: Sendable, Equatable {
    let at: Date
    let id: Int64

    init(at: Date, id: Int64) {
        self.at = at
        self.id = id
    }

    init?(encoded: String) {
        guard let keys = KeysetCursor(encoded: encoded)?.keys, keys.count == 2, case .time(let at) = keys[0], case .number(let id) = keys[1] else {
            return nil
        }
        self.init(at: at, id: id)
    }

    var encoded: String { KeysetCursor(keys: [.time(at), .number(id)]).encoded }
}

/// The audit viewer's reads (read-only: looking at the trail is not itself recorded).
struct AuditViewerService: Sendable {
    let database: Database

    static let pageSize = 50

    /// One page of the events `filter` matches, newest first, and the position of the next page.
    func events(_ filter: AuditFilter) async throws -> (events: [ListedEvent], next: String?) {
        let search = AuditSearch(
            entityType: filter.entityType, entityID: filter.entityID, actor: filter.actor,
            before: filter.cursor.map { ($0.at, $0.id) }, limit: Self.pageSize + 1
        )
        let found = try await database.withConnection { try await $0.events(matching: search) }
        // The extra row only says there is more.
        let shown = Array(found.prefix(Self.pageSize))
        let next = found.count > Self.pageSize ? shown.last.map { AuditPosition(at: $0.occurredAt, id: $0.id).encoded } : nil
        return (shown, next)
    }
}
