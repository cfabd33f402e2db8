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
}
