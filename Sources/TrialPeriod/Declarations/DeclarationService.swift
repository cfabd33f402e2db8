import Audit
import Contracts
import Foundation
import Postgres
import Web

/// A declaration with what its reader is shown beside it.
struct DeclarationView: Sendable {
    let declaration: Declaration
    let applicant: VerifiedIdentity?
    let unit: InstitutionSummary
    let allowedActions: [String]
}

/// One step of 进度详情, from the audit trail.
struct ProgressEvent: Sendable {
    let at: Date
    let action: String
    let fromStatus: String?
    let toStatus: String
    let actorRole: ActorRole
    let reason: String?
}

/// The candidate's side: create, edit, submit, withdraw, read, follow the progress.
struct DeclarationService: Sendable {
    let database: Database
    let clock: any WallClock
    let identities: any IdentityDirectory
    let employment: any EmploymentDirectory
    let attachments: any AttachmentStore
    let settings: TrialPeriodSettings
    let transitions: TransitionMetrics
    /// The unit's administrators hear of each submission, on the submission's transaction.
    let notifier: any Notifier
    let unitAdministrators: any UnitAdministratorDirectory

    static let entityType = "trial_application"

    // MARK: Reading

    func mine(_ account: AccountID) async throws -> [DeclarationSummary] {
        try await database.withConnection { try await DeclarationStore.mine(account, on: $0) }
    }

    func view(_ id: UUID, of account: AccountID) async throws -> DeclarationView {
        guard let declaration = try await database.withConnection({ try await DeclarationStore.find(id, on: $0) }),
              declaration.account == account
        else { throw Problem.notFound }
        return try await view(of: declaration)
    }

    func progress(_ id: UUID, of account: AccountID) async throws -> [ProgressEvent] {
        try await database.withConnection { connection in
            guard let declaration = try await DeclarationStore.find(id, on: connection), declaration.account == account else { throw Problem.notFound }
            return try await Self.progress(of: declaration, on: connection)
        }
    }

    /// The status changes of a declaration from the audit trail, without who the reviewer was.
    static func progress(of declaration: Declaration, on connection: Connection) async throws -> [ProgressEvent] {
        try await connection.events(entityType: entityType, entityID: declaration.entity.id).compactMap { event in
            guard let to = event.toState, let role = event.details["actor_role"].flatMap(ActorRole.init(rawValue:)) else { return nil }
            let action = event.action.hasPrefix("trial.application.") ? String(event.action.dropFirst("trial.application.".count)) : event.action
            return ProgressEvent(at: event.occurredAt, action: action, fromStatus: event.fromState, toStatus: to, actorRole: role, reason: event.details["reason"])
        }
    }

    /// What submitting the declaration now would refuse (the same checks as `submit`), without
    /// submitting: the candidate's pages show them at 填报信息 before 申报确认. Empty when it may be
    /// submitted.
    func submissionProblems(_ id: UUID, by caller: Caller) async throws -> [FieldProblem] {
        let (identity, unit) = try await candidate(caller)
        let today = CalendarDate(inChina: clock.now())
        return try await database.withConnection { connection in
            guard let declaration = try await DeclarationStore.find(id, on: connection), declaration.account == caller.accountID else {
                throw Problem.notFound
            }
            guard let cycle = try await CycleStore.find(declaration.cycle, on: connection) else { throw TrialPeriodProblems.cycleClosed }
            return DeclarationRules.submissionProblems(declaration.content, applicant: identity, unitName: unit.name, cycle: cycle, today: today)
        }
    }

    // MARK: Changing

    func create(_ request: CreateDeclarationRequest, by caller: Caller, origin: RequestOrigin) async throws -> DeclarationView {
        let account = caller.accountID
        let (identity, unit) = try await candidate(caller)
        guard request.noticeAcknowledged else { throw Problem.validation([TrialPeriodProblems.noticeNotAcknowledged]) }
        let (level, category, subtype): (ExamLevel, ExamCategory, TCMSubtype?)
        switch DeclarationRules.choice(level: request.level, category: request.category, tcmSubtype: request.tcmSubtype) {
        case .success(let chosen): (level, category, subtype) = chosen
        case .failure(let problem): throw problem
        }
        let now = clock.now()
        let (declaration, cycle) = try await database.transaction { connection in
            guard let cycle = try await CycleStore.open(at: now, on: connection) else { throw TrialPeriodProblems.cycleClosed }
            guard let id = try await DeclarationStore.insert(
                cycle: cycle.year, account: account, institution: unit.id, applicantName: identity.realName, level: level, category: category,
                tcmSubtype: subtype, at: now, on: connection
            ) else { throw TrialPeriodProblems.declarationExists }
            try await connection.record(
                Self.event("create", id: id, from: nil, to: .draft, role: .candidate, details: ["cycle": String(cycle.year)]), origin: origin
            )
            guard let created = try await DeclarationStore.find(id, on: connection) else { throw Problem.notFound }
            return (created, cycle)
        }
        transitions.record(from: nil, to: declaration.status)
        return DeclarationView(
            declaration: declaration, applicant: identity, unit: unit,
            allowedActions: DeclarationRules.candidateActions(declaration.status, in: cycle, at: now)
        )
    }

    func edit(_ id: UUID, _ request: DeclarationEditRequest, by caller: Caller, origin: RequestOrigin) async throws -> DeclarationView {
        let account = caller.accountID
        let (identity, unit) = try await candidate(caller)
        var known: [AttachmentID: AttachmentPurpose] = [:]
        for body in (request.attachments ?? []).prefix(settings.maximumAttachments) {
            if let attachment = AttachmentID(body.attachmentId), let summary = try await attachments.attachment(attachment, ownedBy: account) {
                known[attachment] = summary.purpose
            }
        }
        let content: DeclarationContent
        switch DeclarationRules.content(request, settings: settings, attachments: known) {
        case .success(let valid): content = valid
        case .failure(let problem): throw problem
        }
        let now = clock.now()
        let (declaration, cycle) = try await database.transaction { connection in
            let (current, cycle) = try await locked(id, of: account, version: request.version, editable: true, at: now, on: connection)
            try await DeclarationStore.replace(id, with: content, institution: unit.id, applicantName: identity.realName, at: now, on: connection)
            for attachment in content.attachments {
                _ = try await attachments.link(attachment.attachment, ownedBy: account, to: current.entity, on: connection)
            }
            // A unit that no longer reviews these files (removed, or the candidate moved) stops reading them.
            let kept = current.institution == unit.id ? Set(content.attachments.map(\.attachment)) : []
            for old in current.content.attachments where !kept.contains(old.attachment) {
                try await attachments.revokeRead(old.attachment, from: .unitAdmins(current.institution), on: connection)
            }
            try await connection.record(
                AuditEvent(action: "trial.application.edit", entityType: Self.entityType, entityID: current.entity.id, details: ["actor_role": "candidate"]),
                origin: origin
            )
            guard let edited = try await DeclarationStore.find(id, on: connection) else { throw Problem.notFound }
            return (edited, cycle)
        }
        return DeclarationView(
            declaration: declaration, applicant: identity, unit: unit,
            allowedActions: DeclarationRules.candidateActions(declaration.status, in: cycle, at: now)
        )
    }

    func submit(_ id: UUID, version: Int, by caller: Caller, origin: RequestOrigin) async throws -> DeclarationView {
        let account = caller.accountID
        let (identity, unit) = try await candidate(caller)
        let now = clock.now()
        let today = CalendarDate(inChina: now)
        let (declaration, from, cycle) = try await database.transaction { connection in
            // The cycle comes with the lock: checked open there, and the rules need it.
            let (current, cycle) = try await locked(id, of: account, version: version, editable: true, at: now, on: connection)
            let problems = DeclarationRules.submissionProblems(current.content, applicant: identity, unitName: unit.name, cycle: cycle, today: today)
            guard problems.isEmpty else { throw Problem.validation(problems) }
            if current.institution != unit.id {
                for old in current.content.attachments {
                    try await attachments.revokeRead(old.attachment, from: .unitAdmins(current.institution), on: connection)
                }
            }
            guard try await DeclarationStore.setStatus(
                id, from: current.status, to: .submitted, institution: unit.id, applicantName: identity.realName, at: now, on: connection
            ) else { throw Problem.invalidTransition(from: current.status) }
            for attachment in current.content.attachments {
                try await attachments.grantRead(attachment.attachment, to: .unitAdmins(unit.id), on: connection)
            }
            try await connection.record(Self.event("submit", id: id, from: current.status, to: .submitted, role: .candidate), origin: origin)
            let administrators = try await unitAdministrators.administrators(of: unit.id, on: connection)
            for note in SubmissionMessages.unitMessages(for: current, to: unit.id, administrators: administrators) {
                try await notifier.notify(note, on: connection)
            }
            guard let submitted = try await DeclarationStore.find(id, on: connection) else { throw Problem.notFound }
            return (submitted, current.status, cycle)
        }
        transitions.record(from: from, to: declaration.status)
        return DeclarationView(
            declaration: declaration, applicant: identity, unit: unit,
            allowedActions: DeclarationRules.candidateActions(declaration.status, in: cycle, at: now)
        )
    }

    /// 撤回: back to draft while the unit has not decided; the unit stops reading the files.
    func withdraw(_ id: UUID, version: Int?, by caller: Caller, origin: RequestOrigin) async throws -> DeclarationView {
        let account = caller.accountID
        let now = clock.now()
        let (declaration, from, cycle) = try await database.transaction { connection in
            let (current, cycle) = try await locked(id, of: account, version: version, editable: false, at: now, on: connection)
            guard let next = current.status.after(.withdraw) else { throw Problem.invalidTransition(from: current.status) }
            guard try await DeclarationStore.setStatus(id, from: current.status, to: next, at: now, on: connection) else {
                throw Problem.invalidTransition(from: current.status)
            }
            for attachment in current.content.attachments {
                try await attachments.revokeRead(attachment.attachment, from: .unitAdmins(current.institution), on: connection)
            }
            try await connection.record(Self.event("withdraw", id: id, from: current.status, to: next, role: .candidate), origin: origin)
            guard let withdrawn = try await DeclarationStore.find(id, on: connection) else { throw Problem.notFound }
            return (withdrawn, current.status, cycle)
        }
        transitions.record(from: from, to: declaration.status)
        // The candidate's own identity comes with the request.
        let identity = try await identities.verifiedIdentity(of: caller)
        guard let unit = try await employment.institution(declaration.institution) else { throw Problem.notFound }
        return DeclarationView(
            declaration: declaration, applicant: identity, unit: unit,
            allowedActions: DeclarationRules.candidateActions(declaration.status, in: cycle, at: now)
        )
    }

    // MARK: Helpers

    /// The verified identity and current unit a declaration needs (403 otherwise).
    /// Both from the row that authenticated the request when it has them (no statement).
    private func candidate(_ caller: Caller) async throws -> (VerifiedIdentity, InstitutionSummary) {
        guard let identity = try await identities.verifiedIdentity(of: caller) else { throw Problem.verificationRequired }
        guard let employment = try await employment.currentEmployment(of: caller) else { throw TrialPeriodProblems.employmentRequired }
        return (identity, employment.institution)
    }

    /// The candidate's declaration, locked, checked in this order: theirs (404), its cycle letting the
    /// candidate change it now (409 `cycle_closed`: the window, or for a declaration the unit returned
    /// or reopened the review deadline, `DeclarationRules.candidateMayChange`), the version they saw
    /// (409 `version_conflict`), editable when asked (409 `invalid_transition`).
    private func locked(
        _ id: UUID, of account: AccountID, version: Int?, editable: Bool, at now: Date, on connection: Connection
    ) async throws -> (Declaration, Cycle) {
        guard let declaration = try await DeclarationStore.find(id, lock: true, on: connection), declaration.account == account else {
            throw Problem.notFound
        }
        guard let cycle = try await CycleStore.find(declaration.cycle, on: connection),
              DeclarationRules.candidateMayChange(declaration.status, in: cycle, at: now)
        else { throw TrialPeriodProblems.cycleClosed }
        if let version, version != declaration.version { throw TrialPeriodProblems.versionConflict }
        if editable && !declaration.status.isEditable { throw Problem.invalidTransition(from: declaration.status) }
        return (declaration, cycle)
    }

    private func view(of declaration: Declaration) async throws -> DeclarationView {
        let identity = try await identities.verifiedIdentity(of: declaration.account)
        // The foreign key keeps the institution; a missing one would be a broken database, not a client error.
        guard let unit = try await employment.institution(declaration.institution) else { throw Problem.notFound }
        let cycle = try await database.withConnection { try await CycleStore.find(declaration.cycle, on: $0) }
        return DeclarationView(
            declaration: declaration, applicant: identity, unit: unit,
            allowedActions: DeclarationRules.candidateActions(declaration.status, in: cycle, at: clock.now())
        )
    }

    static func event(
        _ action: String, id: UUID, from: DeclarationStatus?, to: DeclarationStatus, role: ActorRole, details: [String: String] = [:]
    ) -> AuditEvent {
        AuditEvent(
            action: "trial.application.\(action)", entityType: Self.entityType, entityID: id.uuidString.lowercased(), fromState: from?.rawValue,
            toState: to.rawValue, details: details.merging(["actor_role": role.rawValue]) { first, _ in first }
        )
    }
}
