import Contracts
import Foundation
import Hummingbird
import Web

/// What `GET /me` and every login answer with: the account, its roles and profile, and its real-name
/// verification with the number masked, and the bound unit (null when unbound).
struct MeResponse: ResponseEncodable, Sendable {
    let account: Account
    let verification: VerificationState
    let employment: Employment?
    /// This year's exam information record: its year and status.
    let examRecord: (year: Int, status: ExamRecordStatus)

    enum CodingKeys: String, CodingKey {
        case id, phone, loginMethods, roles, profile, verification, employment, examRecord, createdAt, lastLoginAt
    }

    struct ExamRecordView: Encodable {
        let year: Int
        let status: ExamRecordStatus
    }

    struct RoleView: Encodable {
        let role: String
        let institutionId: String?
    }

    struct ProfileView: Encodable {
        let ethnicity: String?
        let email: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ethnicity, forKey: .ethnicity)
            try container.encode(email, forKey: .email)
        }
        enum CodingKeys: String, CodingKey { case ethnicity, email }
    }

    /// The verification block: what `/me/verification` says, with the number masked.
    struct VerificationView: Encodable {
        let view: VerificationState

        enum CodingKeys: String, CodingKey { case status, method, documentType, documentNumberMasked, attemptsLeft, suggestManual, rejectReason }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(view.status, forKey: .status)
            try container.encode(view.current?.method, forKey: .method)
            try container.encode(view.current?.documentType, forKey: .documentType)
            try container.encode(view.current.map { DocumentNumber.masked($0.documentNumber) }, forKey: .documentNumberMasked)
            try container.encode(view.attemptsLeft, forKey: .attemptsLeft)
            try container.encode(view.suggestManual, forKey: .suggestManual)
            try container.encode(view.rejectReason, forKey: .rejectReason)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(account.id.description, forKey: .id)
        try container.encode(account.phone?.masked, forKey: .phone)
        try container.encode(account.loginMethods.map(\.rawValue), forKey: .loginMethods)
        try container.encode(
            account.roles.map { RoleView(role: $0.code, institutionId: $0.institution?.description) }, forKey: .roles
        )
        try container.encode(ProfileView(ethnicity: account.ethnicity, email: account.email), forKey: .profile)
        try container.encode(VerificationView(view: verification), forKey: .verification)
        try container.encode(employment.map(EmploymentView.init), forKey: .employment)
        try container.encode(ExamRecordView(year: examRecord.year, status: examRecord.status), forKey: .examRecord)
        try container.encode(account.createdAt, forKey: .createdAt)
        try container.encode(account.lastLoginAt, forKey: .lastLoginAt)
    }
}

/// The bound unit on `/me`: the binding form's fields and since when.
struct EmploymentView: Encodable {
    let employment: Employment

    enum CodingKeys: String, CodingKey { case institutionId, name, uscc, superiorUnit, category, region, since }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(employment.institution.id.description, forKey: .institutionId)
        try container.encode(employment.institution.name, forKey: .name)
        try container.encode(employment.institution.uscc, forKey: .uscc)
        try container.encode(employment.institution.superiorUnit, forKey: .superiorUnit)
        try container.encode(employment.institution.category.rawValue, forKey: .category)
        try container.encode(employment.institution.region.rawValue, forKey: .region)
        try container.encode(employment.since, forKey: .since)
    }
}

struct LoginResponse: ResponseEncodable, Sendable {
    let token: String
    /// The absolute end of the session; it also ends after `idleTimeoutSeconds` without requests.
    let expiresAt: Date
    let idleTimeoutSeconds: Int
    let account: MeResponse
}

struct WeChatLoginRequest: StrictBody {
    static let fields: Set<String> = ["code"]
    let code: String
}

struct SMSRequest: StrictBody {
    static let fields: Set<String> = ["phone"]
    let phone: String
}

struct PhoneCodeRequest: StrictBody {
    static let fields: Set<String> = ["phone", "code"]
    let phone: String
    let code: String
}

struct ListResponse<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    let items: [Item]
}

/// `POST`/`PUT /me/addresses…`.
struct AddressRequest: StrictBody, Sendable {
    static let fields: Set<String> = ["recipient", "phone", "region", "detail", "isDefault"]
    let recipient: String
    let phone: String
    let region: String
    let detail: String
    /// May be left out (false); `null` is refused.
    let isDefault: Bool?

    enum CodingKeys: String, CodingKey { case recipient, phone, region, detail, isDefault }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recipient = try container.decode(String.self, forKey: .recipient)
        phone = try container.decode(String.self, forKey: .phone)
        region = try container.decode(String.self, forKey: .region)
        detail = try container.decode(String.self, forKey: .detail)
        isDefault = try container.decodeIfPresentNotNull(Bool.self, forKey: .isDefault)
    }
}

struct AddressResponse: ResponseEncodable, Sendable {
    let id: String
    let recipient: String
    let phone: String
    let region: String
    let detail: String
    let isDefault: Bool
    let createdAt: Date
    let updatedAt: Date

    init(_ address: Address) {
        id = address.id.uuidString.lowercased()
        recipient = address.recipient
        phone = address.phone
        region = address.region
        detail = address.detail
        isDefault = address.isDefault
        createdAt = address.createdAt
        updatedAt = address.updatedAt
    }
}
extension SMSCodeSender.Receipt: ResponseEncodable {}
