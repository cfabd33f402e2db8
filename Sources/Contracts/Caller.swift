import Postgres

/// Who is making a request, as established by the `Authenticator`.
public struct Caller: Sendable, Equatable {
    public let accountID: AccountID
    public let roles: [Role]
    /// The row of the statement that authenticated the request: the account, its verification state and
    /// every module's `CallerPreload`, read at the same instant. nil for a caller made any other way; a
    /// module then queries instead. Never a reason to skip a query after the request changed something.
    public let preloaded: Row?

    public init(accountID: AccountID, roles: [Role], preloaded: Row? = nil) {
        self.accountID = accountID
        self.roles = roles
        self.preloaded = preloaded
    }

    public static func == (lhs: Caller, rhs: Caller) -> Bool {
        lhs.accountID == rhs.accountID && lhs.roles == rhs.roles
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

/// A module's share of the one statement that authenticates every request (docs/adr/0013): a subquery
/// of at most one row, joined laterally, that may name the caller's account as `caller.id` and the
/// request's instant as `$2::timestamptz`. Its columns, each prefixed with `alias` + `_`, ride along in
/// `Caller.preloaded`. The module that owns the tables writes the subquery and decodes its columns, so
/// no other module's code names them; the routes that need it (`/me`) then add no statement.
public struct CallerPreload: Sendable {
    public let alias: String
    public let subquery: SQL

    public init(alias: String, subquery: SQL) {
        self.alias = alias
        self.subquery = subquery
    }
}
