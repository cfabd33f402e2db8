import Audit
import Contracts
import Foundation
import Postgres
import Web

/// 机构注册: a unit's responsible person registers it; a platform administrator approves (which creates
/// the institution, its confirmation code and makes the registrant its first administrator, in one
/// transaction) or rejects with a reason.
struct RegistrationService: Sendable {
    let database: Database
    let identities: any IdentityDirectory
    let attachments: any AttachmentStore
    let administrators: any UnitAdministrators
    let clock: any WallClock
    /// The registrant hears the decision, on the decision's transaction.
    let notifier: any Notifier

    static let contactName = TextInput(field: "contactName", label: "联系人", maximumScalars: 50)
    static let reason = TextInput(field: "reason", label: "驳回原因", maximumScalars: 200, multiline: true)

    func submit(_ request: RegistrationRequest, by registrant: AccountID, origin: RequestOrigin) async throws -> Registration {
        guard try await identities.verifiedIdentity(of: registrant) != nil else { throw Problem.verificationRequired }
        let input = try await validate(request, by: registrant)
        let now = clock.now()
        return try await database.transaction { connection in
            if let conflict = try await InstitutionStore.conflict(with: input.details, on: connection) { throw conflict }
            let registration = try await RegistrationStore.insert(input, by: registrant, at: now, on: connection)
            guard try await attachments.link(input.licence, ownedBy: registrant, to: registration.entity, on: connection) else {
                throw Problem.validation([InstitutionsProblems.licenceNotFound])
            }
            try await attachments.grantRead(input.licence, to: .platformAdmins, on: connection)
            try await connection.record(
                AuditEvent(
                    action: "institution_registration.submit", entityType: "institution_registration", entityID: registration.id.uuidString.lowercased(),
                    toState: RegistrationStatus.submitted.rawValue, details: ["uscc_check_passed": String(input.details.usccCheckPassed)]
                ),
                origin: origin
            )
            return registration
        }
    }

    private func validate(_ request: RegistrationRequest, by registrant: AccountID) async throws -> RegistrationInput {
        var problems: [FieldProblem] = []
        // A code whose check fails may be submitted: the platform administrator decides (and must say so).
        var details: InstitutionDetails?
        switch InstitutionRules.validate(request.institutionInput, acceptFailedCheck: true) {
        case .success(let valid): details = valid
        case .failure(let list): problems += list.problems
        }
        var contact = ""
        switch Self.contactName.validate(request.contactName) {
        case .success(let text): contact = text
        case .failure(let problem): problems.append(problem)
        }
        let phone = PhoneNumber(request.contactPhone)
        if phone == nil { problems.append(InstitutionsProblems.invalidContactPhone) }
        var licence: AttachmentID?
        if let id = AttachmentID(request.licenceAttachmentId), let summary = try await attachments.attachment(id, ownedBy: registrant) {
            if summary.purpose == .institutionLicence { licence = id } else { problems.append(InstitutionsProblems.wrongLicencePurpose) }
        } else {
            problems.append(InstitutionsProblems.licenceNotFound)
        }
        guard problems.isEmpty, let details, let phone, let licence else { throw Problem.validation(problems) }
        return RegistrationInput(details: details, contactName: contact, contactPhone: phone, licence: licence)
    }

    func mine(_ registrant: AccountID) async throws -> [Registration] {
        try await database.withConnection { try await RegistrationStore.mine(registrant, on: $0) }
    }

    func queue(_ status: RegistrationStatus, _ page: PageRequest) async throws -> Page<RegistrationResponse> {
        let rows = try await database.withConnection { try await RegistrationStore.queue(status, limit: page.limit + 1, after: page.cursor, on: $0) }
        return page.page(rows, item: RegistrationResponse.init) { KeysetCursor(time: $0.submittedAt, id: $0.id) }
    }

    /// Any registration, for its review page.
    func registration(_ id: UUID) async throws -> Registration {
        guard let found = try await database.withConnection({ try await RegistrationStore.find(id, on: $0) }) else { throw Problem.notFound }
        return found
    }

    /// `acceptFailedCheck`: the administrator's explicit acceptance of a USCC whose check character
    /// does not match; recorded on the institution and in the audit event.
    func approve(_ id: UUID, acceptFailedCheck: Bool, origin: RequestOrigin) async throws -> Institution {
        let now = clock.now()
        return try await database.transaction { connection in
            let registration = try await submitted(id, reviewer: origin.actor, on: connection)
            if !registration.details.usccCheckPassed && !acceptFailedCheck {
                throw Problem.validation([InstitutionsProblems.usccCheckFails])
            }
            let institution = try await InstitutionStore.insert(registration.details, code: ConfirmationCode.generate(), at: now, on: connection)
            try await RegistrationStore.approve(id, institution: institution.id, by: origin.actor, at: now, on: connection)
            _ = try await administrators.grant(institution.id, to: registration.registrant, origin: origin, on: connection)
            try await attachments.revokeRead(registration.licence, from: .platformAdmins, on: connection)
            try await connection.record(
                AuditEvent(
                    action: "institution_registration.approve", entityType: "institution_registration", entityID: id.uuidString.lowercased(),
                    fromState: RegistrationStatus.submitted.rawValue, toState: RegistrationStatus.approved.rawValue,
                    details: ["institution_id": institution.id.description, "uscc_check_passed": String(registration.details.usccCheckPassed)]
                ),
                origin: origin
            )
            try await connection.record(AuditEvent(action: "institution.create", about: institution.id), origin: origin)
            try await notifier.notify(InstitutionMessages.registrationApproved(registration, institution: institution.id), on: connection)
            return institution
        }
    }

    func reject(_ id: UUID, reason raw: String, origin: RequestOrigin) async throws {
        let reason: String
        switch Self.reason.validate(raw) {
        case .success(let text): reason = text
        case .failure(let problem): throw Problem.validation([problem])
        }
        let now = clock.now()
        try await database.transaction { connection in
            let registration = try await submitted(id, reviewer: origin.actor, on: connection)
            try await RegistrationStore.reject(id, reason: reason, by: origin.actor, at: now, on: connection)
            try await attachments.revokeRead(registration.licence, from: .platformAdmins, on: connection)
            try await connection.record(
                AuditEvent(
                    action: "institution_registration.reject", entityType: "institution_registration", entityID: id.uuidString.lowercased(),
                    fromState: RegistrationStatus.submitted.rawValue, toState: RegistrationStatus.rejected.rawValue
                ),
                origin: origin
            )
            try await notifier.notify(InstitutionMessages.registrationRejected(registration, reason: reason), on: connection)
        }
    }

    private func submitted(_ id: UUID, reviewer: AccountID?, on connection: Connection) async throws -> Registration {
        guard let registration = try await RegistrationStore.find(id, on: connection) else { throw Problem.notFound }
        guard registration.registrant != reviewer else { throw Problem.ownCase }
        guard registration.status == .submitted else { throw InstitutionsProblems.registrationNotSubmitted }
        return registration
    }
}
