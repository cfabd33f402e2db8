import Audit
import Contracts
import Foundation
import Postgres

// The Contracts implementations Identity offers: `IdentityDirectory`, `UnitAdministrators` and
// `UnitAdministratorDirectory` here;
// `Authenticator` is `SessionStore` (it answers from the session rows it owns).

/// `IdentityDirectory` for other modules: a verified account's name, document and what follows from it.
public struct IdentityDirectoryService: IdentityDirectory {
    let database: Database
    let settings: IdentitySettings

    public init(database: Database, settings: IdentitySettings = IdentitySettings()) {
        self.database = database
        self.settings = settings
    }

    public func verifiedIdentity(of account: AccountID) async throws -> VerifiedIdentity? {
        let found = try await database.withConnection { connection -> (Verification, (ethnicity: String?, email: String?, gender: Gender?)?)? in
            guard let verified = try await VerificationStore.verified(of: account, on: connection) else { return nil }
            return (verified, try await AccountStore.profile(of: account, on: connection))
        }
        guard let (verified, profile) = found else { return nil }
        return Self.identity(verified, ethnicity: profile?.ethnicity, enteredGender: profile?.gender)
    }

    public func verifiedIdentity(of caller: Caller) async throws -> VerifiedIdentity? {
        // A verified verification is final, so the latest one in the authenticating row being verified
        // is the answer; anything else (no row, another status) is asked of the database.
        if let (account, state) = try SessionStore.preloaded(caller, settings: settings), let current = state.current, current.status == .verified {
            return Self.identity(current, ethnicity: account.ethnicity, enteredGender: account.gender)
        }
        return try await verifiedIdentity(of: caller.accountID)
    }

    public func verifiedIdentities(of accounts: [AccountID], nameContaining fragment: String?) async throws -> [AccountID: VerifiedIdentity] {
        guard !accounts.isEmpty else { return [:] }
        let rows = try await database.withConnection { try await VerificationStore.verified(of: accounts, nameContaining: fragment, on: $0) }
        return Dictionary(rows.map { ($0.account, Self.identity($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Only the resident ID and the residence permits encode their holder's gender (and birth date);
    /// the holders of other documents enter their gender once in their profile.
    static func documentEncodesGender(_ type: DocumentType) -> Bool {
        type == .residentID || type == .hmtResidencePermit
    }

    /// The gender of a verified person: the document's when it encodes one, else what they entered.
    static func gender(_ verified: Verification, entered: Gender?) -> Gender? {
        documentEncodesGender(verified.documentType) ? DocumentNumber.gender(of: verified.documentNumber) : entered
    }

    static func identity(_ verified: Verification, ethnicity: String? = nil, enteredGender: Gender? = nil) -> VerifiedIdentity {
        let type = verified.documentType
        let number = verified.documentNumber
        let derivable = documentEncodesGender(type)
        let birth = derivable ? DocumentNumber.birthDate(of: number).flatMap { date -> String? in
            guard let year = date.year, let month = date.month, let day = date.day else { return nil }
            func padded(_ value: Int, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        } : nil
        return VerifiedIdentity(
            account: verified.account, realName: verified.realName, documentType: type.rawValue,
            documentNumber: number, gender: gender(verified, entered: enteredGender), birthDate: birth,
            candidateKind: kind(of: type, number: number), ethnicity: ethnicity
        )
    }

    /// Which candidate group a document puts its holder in.
    static func kind(of type: DocumentType, number: String) -> CandidateKind {
        switch type {
        case .residentID: .mainland
        case .hkMacauPermit: .hongKongMacau
        case .taiwanPermit: .taiwan
        case .hmtResidencePermit: number.hasPrefix("83") ? .taiwan : .hongKongMacau
        case .foreignPermanentResidentID: .foreign
        // Chinese passports (E…, G…) belong to mainland citizens; any other passport is foreign.
        case .passport: number.range(of: #"^(E[0-9A-F][0-9]{7}|G[0-9]{8})$"#, options: .regularExpression) != nil ? .mainland : .foreign
        case .militaryID: .military
        }
    }
}

/// `UnitAdministrators` for Institutions: granting and revoking a unit's administrators in its transaction.
extension RoleAdministration: UnitAdministrators {
    public func grant(_ institution: InstitutionID, to account: AccountID, origin: RequestOrigin, on connection: Connection) async throws -> Bool {
        let role = Role.unitAdmin(institution)
        guard try await AccountStore.addRole(role, to: account, on: connection) else { return false }
        try await connection.record(AuditEvent(action: "account.role.grant", about: account, details: role.auditDetails), origin: origin)
        return true
    }

    public func revoke(_ institution: InstitutionID, from account: AccountID, origin: RequestOrigin, on connection: Connection) async throws -> Bool {
        let role = Role.unitAdmin(institution)
        guard try await AccountStore.removeRole(role, from: account, on: connection) else { return false }
        try await connection.record(AuditEvent(action: "account.role.revoke", about: account, details: role.auditDetails), origin: origin)
        return true
    }

    public func administrators(of institution: InstitutionID, on connection: Connection) async throws -> [AccountID] {
        try await AccountStore.unitAdministrators(of: institution, on: connection)
    }
}

/// `NotificationContacts` for Notifications' delivery: the account's openid and phone.
public struct NotificationContactsService: NotificationContacts {
    let database: Database

    public init(database: Database) { self.database = database }

    public func contact(of account: AccountID) async throws -> NotificationContact? {
        try await database.withConnection { try await AccountStore.contact(of: account, on: $0) }
    }
}

/// `UnitAdministratorDirectory`: a unit's administrators now, on the caller's connection, unlocked (a
/// message to each of them must not hold up the granting and revoking of roles).
public struct UnitAdministratorRoster: UnitAdministratorDirectory {
    public init() {}

    public func administrators(of institution: InstitutionID, on connection: Connection) async throws -> [AccountID] {
        try await AccountStore.unitAdministrators(of: institution, lock: false, on: connection)
    }
}
