import Contracts
import Console
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

/// The candidate's pages under `/m` (issue 28, 试用期申报): 记录, the wizard, 查看详情.
enum MobileDeclarationPaths {
    /// 记录: the candidate's declarations and the way to start one.
    static let list = MobilePaths.declarations
    /// 选择申报 (a new declaration): level, category, subtype.
    static let start = list.appending("/new")
    /// 申报须知 of a new declaration: acknowledging it creates the draft.
    static let notice = start.appending("/notice")
    /// 查看详情: 申报详情 and 进度详情.
    static let detail = MobilePaths.declaration
    /// 填报信息 of a draft (or a declaration being modified).
    static let form = detail.appending("/form")
    /// 申报确认: every field to check, 返回修改 / 确定.
    static let confirm = detail.appending("/confirm")
    /// 提交成功.
    static let done = detail.appending("/done")
    /// 撤回 while the unit has not decided.
    static let withdraw = detail.appending("/withdraw")

    // Pages of other modules these pages send the candidate to.
    static let verification = MobilePaths.verification
    static let employment = MobilePaths.employment
    static let profile = MobilePaths.profile
    static let attachment = MobilePaths.attachment
}
