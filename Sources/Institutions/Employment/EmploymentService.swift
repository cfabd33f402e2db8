import Audit
import Contracts
import Foundation
import Postgres
import Web

/// 绑定工作单位, 更新工作单位, 解绑工作单位. A verified candidate binds with the unit's confirmation code;
/// binding another unit closes the open period and opens a new one; history stays.
struct EmploymentService: Sendable {
    let database: Database
    let identities: any IdentityDirectory
    /// The unit a binding ends no longer reads the candidate's files.
    let attachments: any AttachmentStore
    let clock: any WallClock
    let settings: InstitutionsSettings

    func bind(_ account: AccountID, to institution: InstitutionID, code typed: String, origin: RequestOrigin) async throws {
        guard try await identities.verifiedIdentity(of: account) != nil else { throw Problem.verificationRequired }
        let now = clock.now()
        let code = ConfirmationCode.normalize(typed)
        let committed: Committed<Void> = try await database.transaction { connection in
            // One account's attempts one at a time, so the limit is exact under concurrency.
            try await connection.advisoryLock("employment:\(account)")
            let failures = try await EmploymentStore.failures(of: account, since: now.addingTimeInterval(-settings.wrongCodeWindow), on: connection)
            if failures.count >= settings.maximumWrongCodes {
                let lifted = (failures.oldest ?? now).addingTimeInterval(settings.wrongCodeWindow)
                throw InstitutionsProblems.tooManyWrongCodes(retryAfter: Int(lifted.timeIntervalSince(now).rounded(.up)))
            }
            guard let stored = try await InstitutionStore.activeCode(of: institution, on: connection) else {
                throw InstitutionsProblems.institutionNotFound
            }
            guard ConfirmationCode.matches(code, stored) else {
                try await EmploymentStore.recordFailure(of: account, at: institution, on: now, on: connection)
                let attemptsLeft = max(0, settings.maximumWrongCodes - failures.count - 1)
                try await connection.record(
                    AuditEvent(action: "employment.code_failed", about: institution, details: ["account_id": account.description, "attempts_left": String(attemptsLeft)]),
                    origin: origin
                )
                return .refused(InstitutionsProblems.wrongCode(attemptsLeft: attemptsLeft))
            }
            let current = try await EmploymentStore.current(of: account, on: connection)
            if current?.institution.id == institution { return .done(()) }
            if let current {
                try await EmploymentStore.close(account, at: now, on: connection)
                try await attachments.revokeUnitReads(ofFilesOwnedBy: account, unit: current.institution.id, on: connection)
            }
            try await EmploymentStore.open(account, at: institution, on: now, on: connection)
            try await connection.record(
                AuditEvent(
                    action: current == nil ? "employment.bind" : "employment.change", about: account,
                    details: ["institution_id": institution.description, "previous_institution_id": current?.institution.id.description ?? ""]
                ),
                origin: origin
            )
            return .done(())
        }
        try committed.get()
    }

    func unbind(_ account: AccountID, origin: RequestOrigin) async throws {
        let now = clock.now()
        try await database.transaction { connection in
            try await connection.advisoryLock("employment:\(account)")
            guard let current = try await EmploymentStore.current(of: account, on: connection) else { throw InstitutionsProblems.notBound }
            try await EmploymentStore.close(account, at: now, on: connection)
            try await attachments.revokeUnitReads(ofFilesOwnedBy: account, unit: current.institution.id, on: connection)
            try await connection.record(
                AuditEvent(action: "employment.unbind", about: account, details: ["institution_id": current.institution.id.description]),
                origin: origin
            )
        }
    }

    func employment(of account: AccountID) async throws -> (current: Employment?, history: [Employment]) {
        try await database.withConnection { connection in
            let history = try await EmploymentStore.history(of: account, on: connection)
            return (history.first { $0.until == nil }, history)
        }
    }
}
