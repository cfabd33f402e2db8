import Postgres

/// Offered by Identity: turns a bearer token into the caller. The Web layer uses it to put the caller on
/// the request context; a nil answer means the token is missing, unknown, expired or revoked (401).
public protocol Authenticator: Sendable {
    func authenticate(bearerToken: String) async throws -> Caller?
}

extension IdentityDirectory {
    public func verifiedIdentity(of caller: Caller) async throws -> VerifiedIdentity? {
        try await verifiedIdentity(of: caller.accountID)
    }
}

/// Offered by Identity: what other modules may know of a candidate whose real name is verified
/// (TrialPeriod fills a declaration's name, gender and document number from it).
public protocol IdentityDirectory: Sendable {
    /// nil unless the account's real name is verified.
    func verifiedIdentity(of account: AccountID) async throws -> VerifiedIdentity?
    /// The same for the caller of a request, from the row that authenticated it when that row says so
    /// (no statement), else by a query.
    func verifiedIdentity(of caller: Caller) async throws -> VerifiedIdentity?
    /// The verified identities among `accounts`, in one query; with `nameContaining`, only those whose
    /// real name contains it.
    func verifiedIdentities(of accounts: [AccountID], nameContaining fragment: String?) async throws -> [AccountID: VerifiedIdentity]
}

public struct VerifiedIdentity: Sendable, Equatable {
    public let account: AccountID
    public let realName: String
    /// A document type code, e.g. `resident_id`.
    public let documentType: String
    /// The full number: never log it, show it masked to anyone but its owner.
    public let documentNumber: String
    /// Derived from a resident ID or residence permit; for other documents what the candidate entered
    /// once in their profile, nil until they do.
    public let gender: Gender?
    /// `YYYY-MM-DD`, derived like `gender`.
    public let birthDate: String?
    public let candidateKind: CandidateKind
    /// The ethnicity code the candidate chose in their profile (民族), if any.
    public let ethnicity: String?

    public init(
        account: AccountID, realName: String, documentType: String, documentNumber: String, gender: Gender?,
        birthDate: String?, candidateKind: CandidateKind, ethnicity: String? = nil
    ) {
        self.account = account
        self.realName = realName
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.gender = gender
        self.birthDate = birthDate
        self.candidateKind = candidateKind
        self.ethnicity = ethnicity
    }
}

public enum Gender: String, Sendable, Codable {
    case male, female
}

/// Decides which extra forms a declaration needs (HK/Macau/Taiwan and foreign application forms,
/// military proofs).
public enum CandidateKind: String, Sendable, Codable {
    case mainland
    case hongKongMacau = "hk_macau"
    case taiwan
    case foreign
    case military
}

/// Offered by Identity (which owns roles): the unit administrators of institutions. The changes join
/// the caller's transaction, so approving a registration and making its registrant the first
/// administrator commit together.
public protocol UnitAdministrators: Sendable {
    /// Answers false when the account already had the role.
    func grant(_ institution: InstitutionID, to account: AccountID, origin: RequestOrigin, on connection: Connection) async throws -> Bool
    /// Answers false when the account did not have it.
    func revoke(_ institution: InstitutionID, from account: AccountID, origin: RequestOrigin, on connection: Connection) async throws -> Bool
    /// The institution's administrators, with the institution's administrator rows locked until the
    /// transaction ends (so "not the last one" holds under concurrency).
    func administrators(of institution: InstitutionID, on connection: Connection) async throws -> [AccountID]
}

/// Offered by Identity (issue 27): who administers a unit now, read on the caller's connection and
/// without locking (unlike `UnitAdministrators.administrators`), so a module writes a message to each
/// of them in the transaction of the change that concerns the unit.
public protocol UnitAdministratorDirectory: Sendable {
    func administrators(of institution: InstitutionID, on connection: Connection) async throws -> [AccountID]
}

/// How a document number is shown to anyone but its owner: the first 6 and the last 4 characters
/// (`110105********002X`); a short number keeps only its last 2. One rule for every module.
public enum DocumentNumberMask {
    public static func masked(_ number: String) -> String {
        guard number.count > 10 else {
            return String(repeating: "*", count: max(0, number.count - 2)) + String(number.suffix(2))
        }
        return String(number.prefix(6)) + String(repeating: "*", count: number.count - 10) + String(number.suffix(4))
    }
}
