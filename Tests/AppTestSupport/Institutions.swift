import Foundation
import Postgres

/// Institutions for tests that need one to exist, written straight into the database (the module's own
/// tests go through its API instead).
public enum TestInstitutions {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// A well-formed USCC of a public institution (12…) in Wuhan, with its check character computed here,
    /// independently of the code under test.
    public static func uscc(_ serial: Int) -> String {
        let body = "124201" + String(format: "%09d", serial % 1_000_000_000) + "00"  // 17 characters, digits only
        let sum = zip(body, weights).reduce(0) { $0 + alphabet.firstIndex(of: $1.0)! * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }

    /// Inserts an active institution and answers its id.
    @discardableResult
    public static func create(
        _ name: String, serial: Int, category: String = "A", region: String = "420100", code: String = "ABCD2345", in database: Database
    ) async throws -> UUID {
        try await database.query(
            """
            INSERT INTO institutions.institutions
                (name, uscc, uscc_check_passed, superior_unit, category, region, address, confirmation_code, code_rotated_at, created_at, updated_at)
            VALUES ($1, $2, true, '湖北省卫生健康委员会', $3, $4, '湖北省武汉市', $5, now(), now(), now())
            RETURNING id
            """,
            [name, uscc(serial), category, region, code]
        )[0].decode(UUID.self, "id")
    }
}
