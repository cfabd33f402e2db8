import Audit
import Contracts
import Foundation
import Postgres

/// Issues, checks and revokes session tokens. Checking is one statement: it finds a live session, moves
/// its last-seen time when that is more than a minute old, and reads the account's roles.
public struct SessionStore: Authenticator {
    let database: Database
    let clock: any WallClock
    let settings: IdentitySettings

    init(database: Database, clock: any WallClock, settings: IdentitySettings) {
        self.database = database
        self.clock = clock
        self.settings = settings
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
        let rows = try await database.query(
            """
            WITH live AS (
                SELECT account_id FROM identity.sessions
                WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2::timestamptz
                  AND last_seen_at > $2::timestamptz - make_interval(secs => $3)
            ), touched AS (
                UPDATE identity.sessions SET last_seen_at = $2::timestamptz
                WHERE token_hash = $1 AND last_seen_at < $2::timestamptz - make_interval(secs => $4)
                  AND EXISTS (SELECT 1 FROM live)
            )
            SELECT live.account_id, r.role, r.institution_id
            FROM live LEFT JOIN identity.roles r ON r.account_id = live.account_id
            """,
            [hash, clock.now(), settings.sessionIdleTimeout, settings.sessionTouchInterval]
        )
        guard let first = rows.first else { return nil }
        let account = AccountID(try first.decode(UUID.self, "account_id"))
        let roles = try rows.compactMap { row -> Role? in
            guard let role = try row.decode(String?.self, "role") else { return nil }
            return StoredRole(role: role, institutionId: try row.decode(UUID?.self, "institution_id")).decoded
        }
        return Caller(accountID: account, roles: roles)
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
