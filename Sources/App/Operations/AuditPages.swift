import Console
import Hummingbird
import Web

/// 审计日志: the trail by object (`type`, `id`) or by actor, newest first, paginated, read-only.
struct AuditPages: Sendable {
    let viewer: AuditViewerService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    func register(on console: ConsoleRoutes) {
        console.navigation.addPlatformPage("审计日志", at: OperationsPaths.audit)
        console.platformAdmin.get(OperationsPaths.audit.route, use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let filter = try AuditFilter(query: request)
        let found = filter.isEmpty ? nil : try await viewer.events(filter)
        return layout.page("审计日志", body: templates.render("audit", AuditPage(filter: filter, found: found)), context: context)
    }
}
