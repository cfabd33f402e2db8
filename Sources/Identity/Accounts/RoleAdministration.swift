import Audit
import Contracts
import Foundation
import Postgres

/// Grants and revokes roles, so a deployment can create its first administrators from the command line.
/// The account is found by phone and created if its owner has not logged in yet; they reach it by SMS.
public struct RoleAdministration: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Answers false when the account already had the role.
    @discardableResult
    public func grant(_ role: Role, toPhone phone: PhoneNumber, origin: RequestOrigin) async throws -> Bool {
        try await database.transaction { connection in
            let (account, created) = try await AccountStore.upsert(phone: phone, loginAt: nil, on: connection)
            if created {
                try await connection.record(
                    AuditEvent(action: "account.create", about: account, details: ["via": "role_grant"]),
                    origin: origin
                )
            }
            guard try await AccountStore.addRole(role, to: account, on: connection) else { return false }
            try await connection.record(
                AuditEvent(action: "account.role.grant", about: account, details: role.auditDetails),
                origin: origin
            )
            return true
        }
    }

    /// Grants a role to an existing account by its id (e.g. one that logs in by WeChat only). Answers
    /// nil when there is no such account, false when it already had the role.
    @discardableResult
    public func grant(_ role: Role, toAccount account: AccountID, origin: RequestOrigin) async throws -> Bool? {
        try await database.transaction { connection in
            guard try await AccountStore.exists(account, on: connection) else { return nil }
            guard try await AccountStore.addRole(role, to: account, on: connection) else { return false }
            try await connection.record(
                AuditEvent(action: "account.role.grant", about: account, details: role.auditDetails),
                origin: origin
            )
            return true
        }
    }

    /// Answers false when the account did not have the role (or does not exist).
    @discardableResult
    public func revoke(_ role: Role, fromPhone phone: PhoneNumber, origin: RequestOrigin) async throws -> Bool {
        try await database.transaction { connection in
            guard let account = try await AccountStore.account(withPhone: phone, on: connection) else { return false }
            guard try await AccountStore.removeRole(role, from: account, on: connection) else { return false }
            try await connection.record(
                AuditEvent(action: "account.role.revoke", about: account, details: role.auditDetails),
                origin: origin
            )
            return true
        }
    }
}

extension Role {
    var auditDetails: [String: String] {
        var details = ["role": code]
        if let institution { details["institution_id"] = institution.description }
        return details
    }
}
