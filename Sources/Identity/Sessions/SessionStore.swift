import Audit
import Contracts
import Foundation
import Postgres

/// Issues, checks and revokes session tokens. Checking is one statement: it finds a live session, moves
/// its last-seen time when that is more than a minute old, and reads the account, its roles, its
/// verification state and what other modules preload for the caller (`CallerPreload`), so that `/me`
/// and the routes that need only the caller add no statement (docs/adr/0013).
public struct SessionStore: Authenticator {
    let database: Database
    let clock: any WallClock
    let settings: IdentitySettings
    private let authenticating: SQL

    init(database: Database, clock: any WallClock, settings: IdentitySettings, preloads: [CallerPreload] = []) {
        self.database = database
        self.clock = clock
        self.settings = settings
        authenticating = Self.statement(preloads: preloads)
    }

    /// `$1` token hash, `$2` now, `$3` idle timeout and `$4` touch interval in seconds, `$5` the start of
    /// the verification failure window. The verification's own columns come first and unprefixed (so
    /// `Verification(row:)` reads them); the account's are prefixed `caller_`, each preload's with its alias.
    static func statement(preloads: [CallerPreload]) -> SQL {
        var sql: SQL = """
            WITH live AS (
                SELECT account_id FROM identity.sessions
                WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2::timestamptz
                  AND last_seen_at > $2::timestamptz - make_interval(secs => $3)
            ), touched AS (
                UPDATE identity.sessions SET last_seen_at = $2::timestamptz
                WHERE token_hash = $1 AND last_seen_at < $2::timestamptz - make_interval(secs => $4)
                  AND EXISTS (SELECT 1 FROM live)
            )
            SELECT v.*,
                   caller.id AS caller_id, caller.wechat_openid AS caller_wechat_openid, caller.phone AS caller_phone,
                   caller.ethnicity AS caller_ethnicity, caller.email AS caller_email, caller.gender AS caller_gender,
                   caller.created_at AS caller_created_at, caller.last_login_at AS caller_last_login_at,
                   (SELECT string_agg(r.role || '/' || coalesce(r.institution_id::text, ''), ',' ORDER BY r.granted_at)
                      FROM identity.roles r WHERE r.account_id = caller.id) AS caller_roles,
                   (SELECT count(*) FROM identity.verification_attempts
                     WHERE account_id = caller.id AND outcome IN ('pending', 'mismatch')
                       AND attempted_at > $5::timestamptz) AS caller_verification_failures
            """
        for preload in preloads { sql = sql + ", " + SQL.trusted(preload.alias) + ".*" }
        sql = sql + "\nFROM live JOIN identity.accounts caller ON caller.id = live.account_id"
            + "\nLEFT JOIN LATERAL (SELECT " + Verification.columns
            + " FROM identity.verifications WHERE account_id = caller.id ORDER BY seq DESC LIMIT 1) AS v ON true"
        for preload in preloads {
            sql = sql + "\nLEFT JOIN LATERAL (" + preload.subquery + ") AS " + SQL.trusted(preload.alias) + " ON true"
        }
        return sql
    }

    struct Issued: Sendable {
        let token: SessionToken
        let expiresAt: Date
    }

    /// A new session, inside the login's transaction.
    func issue(for account: AccountID, method: LoginMethod, at now: Date, on connection: Connection) async throws -> Issued {
        let token = SessionToken.generate()
        let expiresAt = now.addingTimeInterval(settings.sessionAbsoluteLifetime)
        try await connection.execute(
            """
            INSERT INTO identity.sessions (token_hash, account_id, login_method, created_at, last_seen_at, expires_at)
            VALUES ($1, $2, $3, $4, $4, $5)
            """,
            [token.hash, account.rawValue, method.rawValue, now, expiresAt]
        )
        return Issued(token: token, expiresAt: expiresAt)
    }

    public func authenticate(bearerToken: String) async throws -> Caller? {
        guard let hash = SessionToken.hash(ofPresented: bearerToken) else { return nil }
        let now = clock.now()
        let rows = try await database.query(
            authenticating,
            [hash, now, settings.sessionIdleTimeout, settings.sessionTouchInterval, now.addingTimeInterval(-settings.verificationFailureWindow)]
        )
        guard let row = rows.first else { return nil }
        let account = AccountID(try row.decode(UUID.self, "caller_id"))
        // `role/institution,role/…`; an unknown role is skipped, as when loading an account.
        let roles = (try row.decode(String?.self, "caller_roles") ?? "").split(separator: ",").compactMap { entry -> Role? in
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return StoredRole(role: String(parts[0]), institutionId: parts[1].isEmpty ? nil : UUID(uuidString: String(parts[1]))).decoded
        }
        return Caller(accountID: account, roles: roles, preloaded: row)
    }

    /// The account and its verification state from the authenticating row; nil for a caller without one.
    static func preloaded(_ caller: Caller, settings: IdentitySettings) throws -> (Account, VerificationState)? {
        guard let row = caller.preloaded, row.columns.index(of: "caller_id") != nil else { return nil }
        let account = try Account(row: row, prefix: "caller_", id: caller.accountID, roles: caller.roles)
        let failures = try row.decode(Int.self, "caller_verification_failures")
        let verification = VerificationState(
            current: row.isNull("id") ? nil : try Verification(row: row),
            attemptsLeft: max(0, settings.verificationMaximumFailures - failures)
        )
        return (account, verification)
    }

    /// Logout: the token stops working at once.
    func revoke(bearerToken: String, origin: RequestOrigin) async throws {
        guard let hash = SessionToken.hash(ofPresented: bearerToken) else { return }
        try await database.transaction { connection in
            let revoked = try await connection.execute(
                "UPDATE identity.sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
                [hash, clock.now()]
            )
            if revoked == 1, let actor = origin.actor {
                try await connection.record(
                    AuditEvent(action: "auth.logout", about: actor), origin: origin
                )
            }
        }
    }
}
