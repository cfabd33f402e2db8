import Audit
import Contracts
import Foundation
import Postgres

/// 个人信息 that is not derived from the identity document: ethnicity and email.
struct ProfileService: Sendable {
    let database: Database

    struct Update: Decodable, Sendable {
        /// GB/T 3304 code, or null to clear.
        let ethnicity: String?
        let email: String?
    }

    func update(_ account: AccountID, with update: Update, origin: RequestOrigin) async throws {
        let email = update.email?.trimmingCharacters(in: .whitespaces).lowercased()
        var problems: [FieldProblem] = []
        if let ethnicity = update.ethnicity, !Ethnicity.isKnown(ethnicity) {
            problems.append(FieldProblem(field: "ethnicity", code: "unknown_ethnicity", message: "请从列表中选择民族"))
        }
        if let email, !Self.isPlausibleEmail(email) {
            problems.append(FieldProblem(field: "email", code: "invalid_email", message: "请输入正确的电子邮箱"))
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }

        try await database.transaction { connection in
            let current = try await connection.query(
                "SELECT ethnicity, email FROM identity.accounts WHERE id = $1 FOR UPDATE", [account.rawValue]
            )
            guard let row = current.first else { throw Problem.notFound }
            var fields: [String] = []
            if try row.decode(String?.self, "ethnicity") != update.ethnicity { fields.append("ethnicity") }
            if try row.decode(String?.self, "email") != email { fields.append("email") }
            guard !fields.isEmpty else { return }
            try await connection.execute(
                "UPDATE identity.accounts SET ethnicity = $2, email = $3 WHERE id = $1", [account.rawValue, update.ethnicity, email]
            )
            try await connection.record(
                AuditEvent(
                    action: "account.profile.update", entityType: "account", entityID: account.description,
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
