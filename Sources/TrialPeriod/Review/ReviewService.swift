import Audit
import Contracts
import Foundation
import Postgres
import Web

/// The unit's side: the declarations submitted to it, their detail with the full document number,
/// approval, return, allowing modification, and confirming previous trial institutions. Route groups
/// have already checked that the caller administers the unit; here a declaration of another unit
/// (or a draft) is simply not found.
struct ReviewService: Sendable {
    let database: Database
    let clock: any WallClock
    let identities: any IdentityDirectory
    let employment: any EmploymentDirectory
    let attachments: any AttachmentStore
    /// The candidate's inbox: each outcome they wait for is written on the transition's transaction.
    let notifier: any Notifier
    let transitions: TransitionMetrics

    func list(
        _ unit: InstitutionID, _ filter: DeclarationStore.UnitFilter, page: PageRequest
    ) async throws -> (Page<DeclarationSummaryResponse>, [DeclarationStatus: Int]) {
        try await database.withConnection { connection in
            let (rows, counts) = try await DeclarationStore.unitQueueAndCounts(unit, filter, limit: page.limit + 1, after: page.cursor, on: connection)
            return (
                page.page(rows, item: DeclarationSummaryResponse.init) { row in row.submittedAt.map { KeysetCursor(time: $0, id: row.id) } },
                counts
            )
        }
    }

    func view(_ id: UUID, of unit: InstitutionID) async throws -> DeclarationView {
        let declaration = try await database.withConnection { connection in
            try await Self.declaration(id, of: unit, lock: false, on: connection)
        }
        return try await view(of: declaration)
    }

    /// 进度详情 of a declaration submitted to the unit.
    func progress(_ id: UUID, of unit: InstitutionID) async throws -> [ProgressEvent] {
        try await database.withConnection { connection in
            let declaration = try await Self.declaration(id, of: unit, lock: false, on: connection)
            return try await DeclarationService.progress(of: declaration, on: connection)
        }
    }

    /// What the declaration's attachments are (image or PDF), for showing them.
    func attachmentSummaries(of declaration: Declaration) async throws -> [AttachmentID: AttachmentSummary] {
        let found = try await attachments.attachments(declaration.content.attachments.map(\.attachment), ownedBy: declaration.account)
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A download of the unit's declarations leaves the system: who took which list, and when.
    func recordExport(of unit: InstitutionID, filter: DeclarationStore.UnitFilter, origin: RequestOrigin) async throws {
        try await database.withConnection { connection in
            try await connection.record(
                AuditEvent(action: "trial.application.export", about: unit, details: ["status": filter.status?.rawValue ?? "all"]), origin: origin
            )
        }
    }

    /// The unit's name, for its pages.
    func unitName(_ unit: InstitutionID) async throws -> String {
        try await employment.institution(unit)?.name ?? ""
    }

    func approve(_ id: UUID, of unit: InstitutionID, origin: RequestOrigin) async throws -> DeclarationView {
        try await transition(.approve, id, of: unit, reason: nil, origin: origin) { declaration in
            let previous = declaration.content.trialInstitutions.filter { !$0.current }
            guard previous.allSatisfy({ $0.confirmation != nil }) else { throw TrialPeriodProblems.previousUnconfirmed }
            guard previous.allSatisfy({ $0.confirmation?.confirmed == true }) else { throw TrialPeriodProblems.previousRefused }
        }
    }

    func returnToCandidate(_ id: UUID, of unit: InstitutionID, reason: String, origin: RequestOrigin) async throws -> DeclarationView {
        try await transition(.returnToCandidate, id, of: unit, reason: try Self.reason(reason), origin: origin)
    }

    func allowModification(_ id: UUID, of unit: InstitutionID, reason: String, origin: RequestOrigin) async throws -> DeclarationView {
        try await transition(.allowModification, id, of: unit, reason: try Self.reason(reason), origin: origin)
    }

    /// Takes the unit's 允许修改 back (`modification_allowed → approved`, keeping the approval's time)
    /// while the candidate has saved nothing since; 409 `declaration_modified` once they have. An edit,
    /// a submission and this undo lock the same row, and the undo's UPDATE also matches only the
    /// version the reopening left: exactly one of them wins.
    func undoModification(_ id: UUID, of unit: InstitutionID, origin: RequestOrigin) async throws -> DeclarationView {
        let now = clock.now()
        let declaration = try await database.transaction { connection in
            let declaration = try await Self.declaration(id, of: unit, lock: true, on: connection)
            try await Self.reviewable(declaration, by: origin.actor, at: now, on: connection)
            guard let next = declaration.status.after(.undoModification) else { throw Problem.invalidTransition(from: declaration.status) }
            guard declaration.isUnchangedSinceReopened, try await DeclarationStore.undoModification(id, at: now, on: connection) else {
                throw TrialPeriodProblems.modifiedSinceReopened
            }
            try await connection.record(
                DeclarationService.event(DeclarationStatus.Action.undoModification.rawValue, id: id, from: declaration.status, to: next, role: .unit),
                origin: origin
            )
            return try await Self.declaration(id, of: unit, lock: false, on: connection)
        }
        transitions.record(from: .modificationAllowed, to: declaration.status)
        return try await view(of: declaration)
    }

    /// 由现所在单位对若干前试用单位进行审核并确认: the unit's check of one previous entry.
    func confirm(_ id: UUID, of unit: InstitutionID, index: Int, confirmed: Bool, note raw: String?, origin: RequestOrigin) async throws -> DeclarationView {
        let note = try DeclarationRules.note.optional(raw)
        if !confirmed && note == nil {
            throw Problem.validation([TrialPeriodProblems.refusalNoteRequired])
        }
        let now = clock.now()
        let declaration = try await database.transaction { connection in
            let declaration = try await Self.declaration(id, of: unit, lock: true, on: connection)
            try await Self.reviewable(declaration, by: origin.actor, at: now, on: connection)
            let entries = declaration.content.trialInstitutions
            guard entries.indices.contains(index) else { throw Problem.notFound }
            guard declaration.status == .submitted else { throw Problem.invalidTransition(from: declaration.status) }
            guard !entries[index].current else {
                throw TrialPeriodProblems.currentInstitution
            }
            try await DeclarationStore.confirm(id, position: index, confirmed: confirmed, note: note, by: origin.actor, at: now, on: connection)
            try await connection.record(
                AuditEvent(
                    action: "trial.application.confirm_institution", entityType: DeclarationService.entityType, entityID: declaration.entity.id,
                    details: ["actor_role": ActorRole.unit.rawValue, "index": String(index), "confirmed": String(confirmed)]
                ),
                origin: origin
            )
            return try await Self.declaration(id, of: unit, lock: false, on: connection)
        }
        return try await view(of: declaration)
    }

    // MARK: Helpers

    private func transition(
        _ action: DeclarationStatus.Action, _ id: UUID, of unit: InstitutionID, reason: String?, origin: RequestOrigin,
        check: (Declaration) throws -> Void = { _ in }
    ) async throws -> DeclarationView {
        let now = clock.now()
        let (declaration, from) = try await database.transaction { connection in
            let declaration = try await Self.declaration(id, of: unit, lock: true, on: connection)
            try await Self.reviewable(declaration, by: origin.actor, at: now, on: connection)
            guard let next = declaration.status.after(action) else { throw Problem.invalidTransition(from: declaration.status) }
            try check(declaration)
            guard try await DeclarationStore.setStatus(id, from: declaration.status, to: next, at: now, on: connection) else {
                throw Problem.invalidTransition(from: declaration.status)
            }
            try await connection.record(
                DeclarationService.event(
                    action.rawValue, id: id, from: declaration.status, to: next, role: .unit, details: reason.map { ["reason": $0] } ?? [:]
                ),
                origin: origin
            )
            if let note = ReviewMessages.candidateMessage(for: action, on: declaration, reason: reason) {
                try await notifier.notify(note, on: connection)
            }
            return (try await Self.declaration(id, of: unit, lock: false, on: connection), declaration.status)
        }
        transitions.record(from: from, to: declaration.status)
        return try await view(of: declaration)
    }

    /// The unit's declaration, or 404. A draft is not shown (the unit has not been sent it); but one
    /// the candidate withdrew is still found when the unit acts on it, so an approval that loses the
    /// race to a withdrawal answers 409 `invalid_transition`, not 404.
    private static func declaration(_ id: UUID, of unit: InstitutionID, lock: Bool, on connection: Connection) async throws -> Declaration {
        guard let declaration = try await DeclarationStore.find(id, lock: lock, on: connection), declaration.institution == unit,
              declaration.status != .draft || (lock && declaration.submittedAt != nil)
        else { throw Problem.notFound }
        return declaration
    }

    /// Nobody reviews their own declaration; reviews end at the cycle's review deadline.
    private static func reviewable(_ declaration: Declaration, by reviewer: AccountID?, at now: Date, on connection: Connection) async throws {
        guard declaration.account != reviewer else { throw Problem.ownCase }
        guard let cycle = try await CycleStore.find(declaration.cycle, on: connection), cycle.acceptsReviews(at: now) else {
            throw TrialPeriodProblems.reviewClosed
        }
    }

    private static func reason(_ raw: String) throws -> String {
        switch DeclarationRules.reason.validate(raw) {
        case .success(let text): return text
        case .failure(let problem): throw Problem.validation([problem])
        }
    }

    private func view(of declaration: Declaration) async throws -> DeclarationView {
        let identity = try await identities.verifiedIdentity(of: declaration.account)
        guard let unit = try await employment.institution(declaration.institution) else { throw Problem.notFound }
        let open = try await database.withConnection { try await CycleStore.find(declaration.cycle, on: $0) }?.acceptsReviews(at: clock.now()) ?? false
        return DeclarationView(
            declaration: declaration, applicant: identity, unit: unit,
            allowedActions: Self.unitActions(declaration, reviewsOpen: open)
        )
    }

    static func unitActions(_ declaration: Declaration, reviewsOpen: Bool) -> [String] {
        guard reviewsOpen else { return [] }
        switch declaration.status {
        case .submitted:
            let hasPrevious = declaration.content.trialInstitutions.contains { !$0.current }
            return ["approve", "return"] + (hasPrevious ? ["confirm_institution"] : [])
        case .approved: return ["allow_modification"]
        case .modificationAllowed: return declaration.isUnchangedSinceReopened ? ["undo_modification"] : []
        default: return []
        }
    }
}
