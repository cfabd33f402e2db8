import Contracts
import Foundation
import Postgres

/// An account as stored, with its roles.
struct Account: Sendable {
    let id: AccountID
    let wechatOpenID: String?
    let phone: PhoneNumber?
    let ethnicity: String?
    let email: String?
    /// The gender the candidate entered in their profile (only when their document encodes none).
    let gender: Gender?
    let createdAt: Date
    let lastLoginAt: Date?
    let roles: [Role]

    var loginMethods: [LoginMethod] {
        (wechatOpenID == nil ? [] : [.wechat]) + (phone == nil ? [] : [.phone])
    }
}

extension Account {
    /// The account's columns of `row`, each named `prefix` + column (`caller_phone` on the row that
    /// authenticated a request); the roles come aggregated or already decoded, so the caller passes them.
    init(row: Row, prefix: String = "", id: AccountID, roles: [Role]) throws {
        self.id = id
        wechatOpenID = try row.decode(String?.self, prefix + "wechat_openid")
        phone = try row.decode(String?.self, prefix + "phone").flatMap(PhoneNumber.init)
        ethnicity = try row.decode(String?.self, prefix + "ethnicity")
        email = try row.decode(String?.self, prefix + "email")
        gender = try row.decode(String?.self, prefix + "gender").flatMap(Gender.init(rawValue:))
        createdAt = try row.decode(Date.self, prefix + "created_at")
        lastLoginAt = try row.decode(Date?.self, prefix + "last_login_at")
        self.roles = roles
    }
}

enum LoginMethod: String, Sendable, Codable {
    case wechat, phone
}

/// One role as stored in `identity.roles`.
struct StoredRole: Codable, Sendable {
    let role: String
    let institutionId: UUID?

    var decoded: Role? { Role(code: role, institution: institutionId.map(InstitutionID.init)) }
}
