/// Offered by Identity: turns a bearer token into the caller. The Web layer uses it to put the caller on
/// the request context; a nil answer means the token is missing, unknown, expired or revoked (401).
public protocol Authenticator: Sendable {
    func authenticate(bearerToken: String) async throws -> Caller?
}

/// Offered by Identity: what other modules may know of a candidate whose real name is verified
/// (TrialPeriod fills a declaration's name, gender and document number from it).
public protocol IdentityDirectory: Sendable {
    /// nil unless the account's real name is verified.
    func verifiedIdentity(of account: AccountID) async throws -> VerifiedIdentity?
}

public struct VerifiedIdentity: Sendable, Equatable {
    public let account: AccountID
    public let realName: String
    /// A document type code, e.g. `resident_id`.
    public let documentType: String
    /// The full number: never log it, show it masked to anyone but its owner.
    public let documentNumber: String
    /// Derived from a resident ID or residence permit; nil for other documents.
    public let gender: Gender?
    /// `YYYY-MM-DD`, derived like `gender`.
    public let birthDate: String?
    public let candidateKind: CandidateKind

    public init(
        account: AccountID, realName: String, documentType: String, documentNumber: String, gender: Gender?,
        birthDate: String?, candidateKind: CandidateKind
    ) {
        self.account = account
        self.realName = realName
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.gender = gender
        self.birthDate = birthDate
        self.candidateKind = candidateKind
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
