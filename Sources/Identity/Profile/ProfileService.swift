import Audit
import Contracts
import Foundation
import Postgres
import Web

/// 个人信息 that is not derived from the identity document: ethnicity, email, and the gender of a
/// candidate whose document does not state it (entered once).
struct ProfileService: Sendable {
    let database: Database

    /// A partial update: a field left out keeps its value, `null` clears it.
    struct Update: Decodable, Sendable {
        /// GB/T 3304 code.
        let ethnicity: FieldUpdate<String>
        let email: FieldUpdate<String>
        /// `male` or `female`: only when the verified document does not state it, and only once.
        let gender: FieldUpdate<String>

        enum CodingKeys: String, CodingKey { case ethnicity, email, gender }

        /// The candidates' profile form (`/m/profile`) builds the same update the API decodes.
        init(ethnicity: FieldUpdate<String>, email: FieldUpdate<String>, gender: FieldUpdate<String>) {
            self.ethnicity = ethnicity
            self.email = email
            self.gender = gender
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ethnicity = try container.decodeUpdate(String.self, forKey: .ethnicity)
            email = try container.decodeUpdate(String.self, forKey: .email)
            gender = try container.decodeUpdate(String.self, forKey: .gender)
        }
    }

    static let emailText = TextInput(field: "email", label: "电子邮箱", maximumScalars: 254)

    func update(_ account: AccountID, with update: Update, origin: RequestOrigin) async throws {
        var problems: [FieldProblem] = []
        if case .set(let ethnicity) = update.ethnicity, !Ethnicity.isKnown(ethnicity) {
            problems.append(IdentityProblems.unknownEthnicity())
        }
        var emailUpdate = update.email
        if case .set(let raw) = update.email {
            switch Self.emailText.clean(raw) {
            case .success(let cleaned) where Self.isPlausibleEmail(cleaned.lowercased()):
                emailUpdate = .set(cleaned.lowercased())
            default:
                problems.append(IdentityProblems.invalidEmail())
            }
        }
        var gender: Gender?
        switch update.gender {
        case .unchanged: break
        case .cleared: problems.append(IdentityProblems.unknownGender())
        case .set(let code):
            gender = Gender(rawValue: code)
            if gender == nil { problems.append(IdentityProblems.unknownGender()) }
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }

        try await database.transaction { connection in
            // The account row is locked: two entries of the gender at once are one after the other.
            guard let current = try await AccountStore.profile(of: account, on: connection) else { throw Problem.notFound }
            if let gender, gender != current.gender {
                guard let verified = try await VerificationStore.verified(of: account, on: connection) else { throw Problem.verificationRequired }
                if IdentityDirectoryService.documentEncodesGender(verified.documentType) {
                    throw Problem.validation([IdentityProblems.genderFromDocument()])
                }
                if current.gender != nil { throw Problem.validation([IdentityProblems.genderAlreadySet()]) }
            }
            let ethnicity = update.ethnicity.applied(to: current.ethnicity)
            let email = emailUpdate.applied(to: current.email)
            let newGender = gender ?? current.gender
            var fields: [String] = []
            if current.ethnicity != ethnicity { fields.append("ethnicity") }
            if current.email != email { fields.append("email") }
            if current.gender != newGender { fields.append("gender") }
            guard !fields.isEmpty else { return }
            try await AccountStore.setProfile(of: account, ethnicity: ethnicity, email: email, gender: newGender, on: connection)
            try await connection.record(
                AuditEvent(
                    action: "account.profile.update", about: account,
                    details: ["fields": fields.joined(separator: ",")]
                ),
                origin: origin
            )
        }
    }

    /// One `@`, a dot in the domain, no spaces, at most 254 characters. Delivery is the real test.
    static func isPlausibleEmail(_ email: String) -> Bool {
        guard email.count <= 254, !email.contains(where: \.isWhitespace) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }
}
