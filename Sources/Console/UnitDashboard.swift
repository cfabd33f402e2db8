import Contracts
import Synchronization
import Web

/// A module's part of a unit's home page (单位首页): its deadlines and counts, rendered by the module
/// from its own template, with links to its own pages.
public protocol UnitDashboardPanel: Sendable {
    func panel(for unit: InstitutionID, context: AppRequestContext) async throws -> String
}

/// The panels the modules registered, in registration order; the unit's home page shows them all.
public final class UnitDashboard: Sendable {
    private let panels = Mutex<[any UnitDashboardPanel]>([])

    public init() {}

    public func add(_ panel: any UnitDashboardPanel) {
        panels.withLock { $0.append(panel) }
    }

    /// Every panel's HTML for `unit`.
    public func render(for unit: InstitutionID, context: AppRequestContext) async throws -> [String] {
        var html: [String] = []
        for panel in panels.withLock({ $0 }) { html.append(try await panel.panel(for: unit, context: context)) }
        return html
    }
}
