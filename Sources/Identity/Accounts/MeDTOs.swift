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
    /// How many of the account's messages (授权访问消息) are unread (issue 27).
    let unreadMessages: Int

    enum CodingKeys: String, CodingKey {
        case id, phone, loginMethods, roles, profile, verification, employment, examRecord, createdAt, lastLoginAt, unreadMessages
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
        let gender: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ethnicity, forKey: .ethnicity)
            try container.encode(email, forKey: .email)
            try container.encode(gender, forKey: .gender)
        }
        enum CodingKeys: String, CodingKey { case ethnicity, email, gender }
    }

    /// 性别: the verified document's when it states one, else what the candidate entered (null until then).
    var gender: Gender? {
        if let current = verification.current, current.status == .verified {
            return IdentityDirectoryService.gender(current, entered: account.gender)
        }
        return account.gender
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
        try container.encode(ProfileView(ethnicity: account.ethnicity, email: account.email, gender: gender?.rawValue), forKey: .profile)
        try container.encode(VerificationView(view: verification), forKey: .verification)
        try container.encode(employment.map(EmploymentView.init), forKey: .employment)
        try container.encode(ExamRecordView(year: examRecord.year, status: examRecord.status), forKey: .examRecord)
        try container.encode(account.createdAt, forKey: .createdAt)
        try container.encode(account.lastLoginAt, forKey: .lastLoginAt)
        try container.encode(unreadMessages, forKey: .unreadMessages)
    }
}

extension MeResponse {
    /// The same JSON as `encode(to:)` through `JSONCoding.encoder`, written directly (`GET /me` is the
    /// hottest route): keys in sorted order, nulls written, a role's nil institution left out.
    /// `MeJSONTests` holds the two to the same bytes.
    func json() -> JSONWriter {
        var json = JSONWriter()
        json.beginObject()
        json.key("createdAt"); json.date(account.createdAt)
        json.key("employment")
        if let employment {
            let institution = employment.institution
            json.beginObject()
            json.key("category"); json.string(institution.category.rawValue)
            json.key("institutionId"); json.string(institution.id.description)
            json.key("name"); json.string(institution.name)
            json.key("region"); json.string(institution.region.rawValue)
            json.key("since"); json.date(employment.since)
            json.key("superiorUnit"); json.string(institution.superiorUnit)
            json.key("uscc"); json.string(institution.uscc)
            json.endObject()
        } else {
            json.null()
        }
        json.key("examRecord")
        json.beginObject()
        json.key("status"); json.string(examRecord.status.rawValue)
        json.key("year"); json.int(examRecord.year)
        json.endObject()
        json.key("id"); json.string(account.id.description)
        json.key("lastLoginAt"); json.date(account.lastLoginAt)
        json.key("loginMethods")
        json.beginArray()
        for method in account.loginMethods { json.string(method.rawValue) }
        json.endArray()
        json.key("phone"); json.string(account.phone?.masked)
        json.key("profile")
        json.beginObject()
        json.key("email"); json.string(account.email)
        json.key("ethnicity"); json.string(account.ethnicity)
        json.key("gender"); json.string(gender?.rawValue)
        json.endObject()
        json.key("roles")
        json.beginArray()
        for role in account.roles {
            json.beginObject()
            // RoleView's synthesized encoding leaves a nil institution out.
            if let institution = role.institution { json.key("institutionId"); json.string(institution.description) }
            json.key("role"); json.string(role.code)
            json.endObject()
        }
        json.endArray()
        json.key("unreadMessages"); json.int(unreadMessages)
        json.key("verification")
        json.beginObject()
        json.key("attemptsLeft"); json.int(verification.attemptsLeft)
        json.key("documentNumberMasked"); json.string(verification.current.map { DocumentNumber.masked($0.documentNumber) })
        json.key("documentType"); json.string(verification.current?.documentType.rawValue)
        json.key("method"); json.string(verification.current?.method.rawValue)
        json.key("rejectReason"); json.string(verification.rejectReason)
        json.key("status"); json.string(verification.status.rawValue)
        json.key("suggestManual"); json.bool(verification.suggestManual)
        json.endObject()
        json.endObject()
        return json
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
