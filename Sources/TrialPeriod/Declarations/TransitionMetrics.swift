import CoreMetrics

/// `health_talent_declaration_transitions_total{from, to}`: every committed change of a declaration's
/// status (`from` is `none` for a new draft), so the season's flow — submissions, approvals, returns —
/// can be watched without querying the database.
struct TransitionMetrics: Sendable {
    let factory: any MetricsFactory

    func record(from: DeclarationStatus?, to: DeclarationStatus) {
        Counter(
            label: "health_talent_declaration_transitions_total",
            dimensions: [("from", from?.rawValue ?? "none"), ("to", to.rawValue)], factory: factory
        ).increment()
    }
}
