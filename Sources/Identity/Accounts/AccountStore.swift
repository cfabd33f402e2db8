import Audit
import Contracts
import Foundation
import Postgres

/// SQL for `identity.accounts` and `identity.roles`.
enum AccountStore {
    /// The account of a WeChat user, created at their first login. Answers the id and whether it is new.
    static func upsert(wechat identity: WeChatIdentity, loginAt: Date, on connection: Connection) async throws -> (AccountID, created: Bool) {
        let row = try await connection.query(
            """
            INSERT INTO identity.accounts (wechat_openid, wechat_unionid, last_login_at) VALUES ($1, $2, $3)
            ON CONFLICT (wechat_openid) DO UPDATE
                SET last_login_at = EXCLUDED.last_login_at,
                    wechat_unionid = COALESCE(EXCLUDED.wechat_unionid, identity.accounts.wechat_unionid)
            RETURNING id, (xmax = 0) AS created
            """,
            [identity.openID, identity.unionID, loginAt]
        )[0]
        return (AccountID(try row.decode(UUID.self, "id")), try row.decode(Bool.self, "created"))
    }

    /// The account a phone number belongs to, created when there is none. `loginAt` nil means the
    /// account is being prepared (e.g. an administrator granted before their first login).
    static func upsert(phone: PhoneNumber, loginAt: Date?, on connection: Connection) async throws -> (AccountID, created: Bool) {
        let row = try await connection.query(
            """
            INSERT INTO identity.accounts (phone, last_login_at) VALUES ($1, $2)
            ON CONFLICT (phone) DO UPDATE
                SET last_login_at = COALESCE(EXCLUDED.last_login_at, identity.accounts.last_login_at)
            RETURNING id, (xmax = 0) AS created
            """,
            [phone.digits, loginAt]
        )[0]
        return (AccountID(try row.decode(UUID.self, "id")), try row.decode(Bool.self, "created"))
    }

    /// The account with its roles, in one query.
    static func load(_ id: AccountID, on connection: Connection) async throws -> Account? {
        let rows = try await connection.query(
            """
            SELECT a.id, a.wechat_openid, a.phone, a.ethnicity, a.email, a.gender, a.created_at, a.last_login_at,
                   COALESCE(jsonb_agg(jsonb_build_object('role', r.role, 'institutionId', r.institution_id)
                            ORDER BY r.granted_at) FILTER (WHERE r.role IS NOT NULL), '[]'::jsonb) AS roles
            FROM identity.accounts a
            LEFT JOIN identity.roles r ON r.account_id = a.id
            WHERE a.id = $1
            GROUP BY a.id
            """,
            [id.rawValue]
        )
        guard let row = rows.first else { return nil }
        return try Account(row: row, id: id, roles: try row.decode(PostgresJSON<[StoredRole]>.self, "roles").value.compactMap(\.decoded))
    }

    static func exists(_ account: AccountID, on connection: Connection) async throws -> Bool {
        try await !connection.query("SELECT 1 FROM identity.accounts WHERE id = $1 FOR SHARE", [account.rawValue]).isEmpty
    }

    static func account(withPhone phone: PhoneNumber, on connection: Connection) async throws -> AccountID? {
        try await connection.query("SELECT id FROM identity.accounts WHERE phone = $1", [phone.digits])
            .first.map { AccountID(try $0.decode(UUID.self, "id")) }
    }

    /// Binds `phone` to `account`; a concurrent binding of the same phone that committed first makes
    /// this one `phone_already_bound` (the unique constraint decides the race).
    static func setPhone(_ phone: PhoneNumber, of account: AccountID, on connection: Connection) async throws {
        do {
            try await connection.execute("UPDATE identity.accounts SET phone = $2 WHERE id = $1", [account.rawValue, phone.digits])
        } catch let error as PostgresError where error.isUniqueViolation(of: "accounts_phone_key") {
            throw IdentityProblems.phoneTaken
        }
    }

    /// Locks the account's row until the transaction ends: one account's changes happen one at a time.
    static func lock(_ account: AccountID, on connection: Connection) async throws {
        _ = try await connection.query("SELECT id FROM identity.accounts WHERE id = $1 FOR UPDATE", [account.rawValue])
    }

    /// Answers whether the role was new.
    static func addRole(_ role: Role, to account: AccountID, on connection: Connection) async throws -> Bool {
        try await connection.execute(
            "INSERT INTO identity.roles (account_id, role, institution_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [account.rawValue, role.code, role.institution?.rawValue]
        ) == 1
    }

    /// Answers whether the account had the role.
    static func removeRole(_ role: Role, from account: AccountID, on connection: Connection) async throws -> Bool {
        try await connection.execute(
            "DELETE FROM identity.roles WHERE account_id = $1 AND role = $2 AND institution_id IS NOT DISTINCT FROM $3",
            [account.rawValue, role.code, role.institution?.rawValue]
        ) == 1
    }

    /// Where messages beyond the inbox reach the account (Notifications' delivery); nil when there is none.
    static func contact(of account: AccountID, on connection: Connection) async throws -> NotificationContact? {
        guard let row = try await connection.query(
            "SELECT wechat_openid, phone FROM identity.accounts WHERE id = $1", [account.rawValue]
        ).first else { return nil }
        return NotificationContact(wechatOpenID: try row.decode(String?.self, "wechat_openid"), phone: try row.decode(String?.self, "phone"))
    }

    /// The profile fields, with the account locked; nil when there is no such account.
    static func profile(of account: AccountID, on connection: Connection) async throws -> (ethnicity: String?, email: String?, gender: Gender?)? {
        guard let row = try await connection.query(
            "SELECT ethnicity, email, gender FROM identity.accounts WHERE id = $1 FOR UPDATE", [account.rawValue]
        ).first else { return nil }
        return (
            try row.decode(String?.self, "ethnicity"), try row.decode(String?.self, "email"),
            try row.decode(String?.self, "gender").flatMap(Gender.init(rawValue:))
        )
    }

    static func setProfile(of account: AccountID, ethnicity: String?, email: String?, gender: Gender?, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE identity.accounts SET ethnicity = $2, email = $3, gender = $4 WHERE id = $1", [account.rawValue, ethnicity, email, gender?.rawValue]
        )
    }

    /// The institution's unit administrators; with `lock`, their role rows stay locked until the
    /// transaction ends.
    static func unitAdministrators(of institution: InstitutionID, lock: Bool = true, on connection: Connection) async throws -> [AccountID] {
        try await connection.query(
            "SELECT account_id FROM identity.roles WHERE role = 'unit_admin' AND institution_id = $1 ORDER BY account_id" + (lock ? " FOR UPDATE" : ""),
            [institution.rawValue]
        ).map { AccountID(try $0.decode(UUID.self, "account_id")) }
    }
}
