import Console
import Postgres

/// The platform administrators' operations pages: exports of the `export` views and the audit viewer.
/// They stay in App because they belong to no feature module: the views join every module's tables and
/// the trail is every module's (ADR 0015).
struct Operations: Sendable {
    let exports: ExportPages
    let audit: AuditPages

    init(database: Database, layout: ConsoleLayout) throws {
        let templates = try ConsoleTemplates(["exports": OperationsTemplates.exports, "audit": OperationsTemplates.audit])
        exports = ExportPages(exports: ExportService(database: database), layout: layout, templates: templates)
        audit = AuditPages(viewer: AuditViewerService(database: database), layout: layout, templates: templates)
    }

    func registerConsole(on console: ConsoleRoutes) {
        exports.register(on: console)
        audit.register(on: console)
    }
}
