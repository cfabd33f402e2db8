import Audit
import Contracts
import Foundation
import Postgres
import Web

/// What a unit's administrators do beyond the code: see and end their staff's bindings, and name the
/// unit's other administrators among its bound staff (never removing the last). Also the platform
/// administrators' edits of an institution.
struct UnitService: Sendable {
    let database: Database
    let identities: any IdentityDirectory
    let administrators: any UnitAdministrators
    let institutions: InstitutionService
    /// A binding the unit ends takes back its reads of the candidate's files.
    let attachments: any AttachmentStore
    let clock: any WallClock
    /// The candidate whose binding the unit ends hears of it, on the same transaction.
    let notifier: any Notifier

    static let endReason = TextInput(field: "reason", label: "解除原因", maximumScalars: 200, multiline: true)

    func staff(of institution: InstitutionID, nameContaining raw: String?, page: PageRequest) async throws -> Page<StaffMemberResponse> {
        var fragment: String?
        if let raw {
            switch TextInput(field: "q", label: "姓名", maximumScalars: 50).clean(raw) {
            case .success(let text): fragment = text
            case .failure(.empty): fragment = nil
            case .failure(let failure): throw Problem.validation([TextInput(field: "q", label: "姓名", maximumScalars: 50).problem(failure)])
            }
        }
        var among: [AccountID]?
        if let fragment {
            let everyone = try await database.withConnection { try await EmploymentStore.staff(of: institution, on: $0) }
            among = Array(try await identities.verifiedIdentities(of: everyone, nameContaining: fragment).keys)
        }
        let rows = try await database.withConnection {
            try await EmploymentStore.staffPage(of: institution, limit: page.limit + 1, after: page.cursor, among: among, on: $0)
        }
        let identities = try await identities.verifiedIdentities(of: rows.map(\.account), nameContaining: nil)
        return page.page(rows, item: { row in
            let identity = identities[row.account]
            return StaffMemberResponse(
                accountId: row.account.description, realName: identity?.realName,
                documentNumberMasked: identity.map { DocumentNumberMask.masked($0.documentNumber) }, since: row.since
            )
        }, position: { KeysetCursor(time: $0.since, id: $0.id) })
    }

    /// The unit ends the binding of someone who left; the reason is kept with the period.
    func endEmployment(of account: AccountID, at institution: InstitutionID, reason raw: String, origin: RequestOrigin) async throws {
        let reason: String
        switch Self.endReason.validate(raw) {
        case .success(let text): reason = text
        case .failure(let problem): throw Problem.validation([problem])
        }
        let now = clock.now()
        try await database.transaction { connection in
            try await connection.advisoryLock("employment:\(account)")
            guard try await EmploymentStore.isBound(account, to: institution, on: connection) else { throw Problem.notFound }
            guard let period = try await EmploymentStore.close(account, at: now, reason: reason, by: origin.actor, on: connection) else {
                throw Problem.notFound
            }
            try await attachments.revokeUnitReads(ofFilesOwnedBy: account, unit: institution, on: connection)
            try await connection.record(
                AuditEvent(action: "employment.end_by_unit", about: account, details: ["institution_id": institution.description]), origin: origin
            )
            let name = try await InstitutionStore.find(institution, on: connection)?.name ?? ""
            try await notifier.notify(
                InstitutionMessages.bindingEnded(period: period, account: account, institution: institution, name: name, reason: reason), on: connection
            )
        }
    }

    func administrators(of institution: InstitutionID) async throws -> [AdministratorResponse] {
        let accounts = try await database.transaction { try await administrators.administrators(of: institution, on: $0) }
        let names = try await identities.verifiedIdentities(of: accounts, nameContaining: nil)
        return accounts.map { AdministratorResponse(accountId: $0.description, realName: names[$0]?.realName) }
    }

    func addAdministrator(_ account: AccountID, to institution: InstitutionID, origin: RequestOrigin) async throws {
        guard try await identities.verifiedIdentity(of: account) != nil else { throw InstitutionsProblems.accountNotFound }
        try await database.transaction { connection in
            // Only the unit's own staff (bound now) are made its administrators: otherwise anyone who
            // is verified, another unit's staff included, could be handed this unit's records. The lock
            // is the one binding and unbinding take, so an unbind cannot slip in between.
            try await connection.advisoryLock("employment:\(account)")
            if try await !EmploymentStore.isBound(account, to: institution, on: connection) {
                // Already an administrator (the registrant need not be bound): granting again changes nothing.
                guard try await administrators.administrators(of: institution, on: connection).contains(account) else {
                    throw InstitutionsProblems.notUnitStaff
                }
            }
            _ = try await administrators.grant(institution, to: account, origin: origin, on: connection)
        }
    }

    func removeAdministrator(_ account: AccountID, from institution: InstitutionID, origin: RequestOrigin) async throws {
        try await database.transaction { connection in
            let current = try await administrators.administrators(of: institution, on: connection)
            guard current.contains(account) else { throw Problem.notFound }
            guard current.count > 1 else { throw InstitutionsProblems.lastAdministrator }
            _ = try await administrators.revoke(institution, from: account, origin: origin, on: connection)
        }
    }

    /// A platform administrator's edit: details (a failing USCC check only with explicit acceptance) and
    /// optionally the status.
    func edit(_ id: InstitutionID, _ input: InstitutionEditRequest, origin: RequestOrigin) async throws -> Institution {
        let rules = InstitutionRules.Input(
            name: input.name, uscc: input.uscc, superiorUnit: input.superiorUnit, category: input.category, region: input.region, address: input.address
        )
        let details: InstitutionDetails
        switch InstitutionRules.validate(rules, acceptFailedCheck: input.acceptFailedUsccCheck ?? false) {
        case .success(let valid): details = valid
        case .failure(let list): throw Problem.validation(list.problems)
        }
        var status: InstitutionStatus?
        if let text = input.status {
            guard let parsed = InstitutionStatus(rawValue: text) else { throw InstitutionsProblems.unknownStatus }
            status = parsed
        }
        return try await institutions.edit(id, with: details, status: status, origin: origin)
    }
}
