import Audit
import Console
import Web

/// 数据导出: each view with its download link.
struct ExportsPage: Sendable {
    struct View: Sendable {
        let name: String
        let href: String
    }

    let views: [View]

    init(views: [String]) {
        self.views = views.map { View(name: $0, href: OperationsPaths.export.link($0)) }
    }
}

/// 审计日志: the search form as sent, and (once something is searched for) the events with the next page.
struct AuditPage: Sendable {
    let action: String
    let type: String
    let id: String
    let actor: String
    let searched: Bool
    let list: ConsoleList<EventRow>?

    init(filter: AuditFilter, found: (events: [ListedEvent], next: String?)?) {
        action = OperationsPaths.audit.link()
        type = filter.entityType ?? ""
        id = filter.entityID ?? ""
        actor = filter.actorText ?? ""
        searched = found != nil
        list = found.map { found in
            ConsoleList(
                Page(items: found.events.map(EventRow.init), nextCursor: found.next), filters: filter.query,
                link: { OperationsPaths.audit.link(query: $0) }, emptyText: "没有找到记录。", nextLabel: "更早的记录"
            ) { $0 }
        }
    }
}

/// One event as the viewer shows it.
struct EventRow: Encodable, Sendable {
    let at: String
    let action: String
    let entity: String
    let actor: String
    let change: String
    let details: String
    let requestID: String

    init(_ event: ListedEvent) {
        at = ConsoleFormat.minute(event.occurredAt)
        action = event.action
        entity = event.entityType + " " + event.entityID
        actor = event.actor?.description ?? "系统"
        change = [event.fromState, event.toState].compactMap { $0 }.joined(separator: " → ")
        details = event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        requestID = event.requestID ?? ""
    }
}
