/// Offered by Identity: turns a bearer token into the caller. The Web layer uses it to put the caller on
/// the request context; a nil answer means the token is missing, unknown, expired or revoked (401).
public protocol Authenticator: Sendable {
    func authenticate(bearerToken: String) async throws -> Caller?
}
