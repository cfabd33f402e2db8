import Contracts
import Foundation
import Web

/// Every route of the TrialPeriod module, API and console, as `RoutePath` values: registered with
/// `.route` and linked with `.link(…)` (or the helpers below), so no URL is built by hand.

/// Exam cycles: the candidates' open cycle, the platform administrators' API and console page.
enum CyclePaths {
    static let current = RoutePath.api("/trial/cycles/current")
    static let all = RoutePath.adminAPI("/cycles")
    static let one = RoutePath.adminAPI("/cycles/:year")
    static let console = RoutePath.platformConsole("/cycles")
    static let consoleOne = RoutePath.platformConsole("/cycles/:year")
}

/// The candidate's declarations (`application` on the wire, see ADR 0019).
enum DeclarationPaths {
    static let mine = RoutePath.api("/trial/applications")
    static let one = mine.appending("/:id")
    static let submit = one.appending("/submit")
    static let withdraw = one.appending("/withdraw")
    static let events = one.appending("/events")
}

/// The declaring unit's review, the same shapes under `/api/v1` and `/console`.
enum ReviewPaths {
    static let list = RoutePath.api("/units/:institutionId/trial-applications")
    static let declaration = list.appending("/:appId")
    static let approve = declaration.appending("/approve")
    static let returnToCandidate = declaration.appending("/return")
    static let allowModification = declaration.appending("/allow-modification")
    /// Takes the 允许修改 back while the candidate has changed nothing.
    static let undoModification = allowModification.appending("/undo")
    static let confirm = declaration.appending("/trial-institutions/:index/confirm")

    static let consoleList = list.mounted(at: "/console")
    static let consoleExport = consoleList.appending("/export")
    static let consoleDeclaration = declaration.mounted(at: "/console")
    static let consoleApprove = approve.mounted(at: "/console")
    static let consoleReturn = returnToCandidate.mounted(at: "/console")
    static let consoleAllowModification = allowModification.mounted(at: "/console")
    static let consoleUndoModification = undoModification.mounted(at: "/console")
    static let consoleConfirm = confirm.mounted(at: "/console")

    /// The console list of `unit`, with `query`.
    static func list(unit: InstitutionID, query: QueryString = QueryString()) -> String {
        consoleList.link(unit, query: query)
    }

    /// One declaration in the console.
    static func declaration(unit: InstitutionID, id: UUID, query: QueryString = QueryString()) -> String {
        consoleDeclaration.link(unit, id, query: query)
    }

    static func declaration(unit: InstitutionID, id: String, query: QueryString = QueryString()) -> String {
        consoleDeclaration.link(unit, id, query: query)
    }
}

/// Paths of other modules this one links to.
enum LinkedPaths {
    /// An attachment's JSON resource. // owned by Attachments
    static let attachment = RoutePath.api("/attachments/:attachmentId") // owned by Attachments
}
