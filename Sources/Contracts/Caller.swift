/// Who is making a request, as established by the `Authenticator`.
public struct Caller: Sendable, Equatable {
    public let accountID: AccountID
    public let roles: [Role]

    public init(accountID: AccountID, roles: [Role]) {
        self.accountID = accountID
        self.roles = roles
    }

    public var isPlatformAdmin: Bool { roles.contains(.platformAdmin) }

    public func isUnitAdmin(of institution: InstitutionID) -> Bool {
        roles.contains(.unitAdmin(institution))
    }
}

/// Roles beyond `candidate`, which every account has.
public enum Role: Sendable, Hashable {
    case unitAdmin(InstitutionID)
    case platformAdmin

    /// The stable code of each kind of role: stored in `identity.roles`, shown by `/me`, typed on the
    /// command line, and named by attachment grants. Parsed and printed here only.
    public enum Kind: String, Sendable, CaseIterable {
        case platformAdmin = "platform_admin"
        case unitAdmin = "unit_admin"
    }

    public var kind: Kind {
        switch self {
        case .platformAdmin: .platformAdmin
        case .unitAdmin: .unitAdmin
        }
    }

    public var code: String { kind.rawValue }

    public var institution: InstitutionID? {
        if case .unitAdmin(let institution) = self { return institution }
        return nil
    }

    /// The role a code and an institution name; nil for an unknown code, or a unit role without its
    /// institution (or a platform role with one).
    public init?(code: String, institution: InstitutionID?) {
        switch (Kind(rawValue: code), institution) {
        case (.platformAdmin, nil): self = .platformAdmin
        case (.unitAdmin, let institution?): self = .unitAdmin(institution)
        default: return nil
        }
    }
}
