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
    let createdAt: Date
    let lastLoginAt: Date?
    let roles: [Role]

    var loginMethods: [LoginMethod] {
        (wechatOpenID == nil ? [] : [.wechat]) + (phone == nil ? [] : [.phone])
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
