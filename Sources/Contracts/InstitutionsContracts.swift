import Foundation

/// Offered by Institutions: where a candidate works now, and who works where, so other modules need not
/// read `institutions.*` themselves.
public protocol EmploymentDirectory: Sendable {
    /// The account's current unit (its open employment period), if any.
    func currentEmployment(of account: AccountID) async throws -> Employment?
    /// Whether the account is bound to the institution now.
    func isBound(_ account: AccountID, to institution: InstitutionID) async throws -> Bool
    /// The accounts bound to the institution now.
    func staff(of institution: InstitutionID) async throws -> [AccountID]
    /// Any institution, active or not (a declaration names the unit it was submitted to).
    func institution(_ id: InstitutionID) async throws -> InstitutionSummary?
    /// The current unit as part of the authenticating statement.
    var callerPreload: CallerPreload { get }
    /// The current unit from the caller's preloaded row when it has it, else by a query.
    func currentEmployment(of caller: Caller) async throws -> Employment?
}

extension EmploymentDirectory {
    public func currentInstitution(of account: AccountID) async throws -> InstitutionID? {
        try await currentEmployment(of: account)?.institution.id
    }
}

/// An institution as other modules and clients see it: the binding form's fields
/// (单位名称, 机构编码, 主管单位, 机构类别) and its region.
public struct InstitutionSummary: Sendable, Equatable {
    public let id: InstitutionID
    public let name: String
    public let uscc: String
    public let superiorUnit: String?
    public let category: InstitutionCategory
    public let region: HubeiRegion

    public init(id: InstitutionID, name: String, uscc: String, superiorUnit: String?, category: InstitutionCategory, region: HubeiRegion) {
        self.id = id
        self.name = name
        self.uscc = uscc
        self.superiorUnit = superiorUnit
        self.category = category
        self.region = region
    }
}

/// An employment period: the unit and since when (until when, for history).
public struct Employment: Sendable, Equatable {
    public let institution: InstitutionSummary
    public let since: Date
    public let until: Date?

    public init(institution: InstitutionSummary, since: Date, until: Date?) {
        self.institution = institution
        self.since = since
        self.until = until
    }
}
