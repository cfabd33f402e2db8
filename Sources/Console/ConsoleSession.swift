import Foundation
import HTTPTypes
import LibCrypto
import Web

/// The console's cookies and the CSRF token derived from them (docs/adr/0015).
///
/// A signed-in browser holds its session token (the same kind as the API's bearer token, in
/// `identity.sessions`, with the same idle and absolute timeouts) in an `HttpOnly`, `SameSite=Strict`
/// cookie. Before signing in it holds a random pre-session value instead, so the sign-in forms carry a
/// CSRF token too. The token on every form is a hash of whichever secret the browser holds: a page can
/// only show it because the server read the cookie, and another site can neither read the cookie nor
/// compute the hash, so a forged POST cannot carry it.
public enum ConsoleSession {
    public static let sessionCookie = "ht_console"
    public static let preSessionCookie = "ht_console_pre"
    public static let csrfField = "_csrf"

    /// The CSRF token for a secret (session token or pre-session value).
    public static func csrfToken(for secret: String) -> String {
        Base64URL.encode(SHA256.hash(Array(("health-talent console csrf:" + secret).utf8)))
    }

    /// Whether `presented` is the token for `secret`, compared in constant time.
    public static func csrfMatches(_ presented: String?, secret: String?) -> Bool {
        guard let presented, let secret else { return false }
        return constantTimeEqual(Array(csrfToken(for: secret).utf8), Array(presented.utf8))
    }

    /// A fresh pre-session value: 32 random bytes and their signature under the console's key, so the
    /// server can tell a value it chose from one planted in the browser by someone else.
    public static func newPreSession(key: [UInt8]) -> String {
        let random = Base64URL.encode(SecureRandom.bytes(32))
        return random + "." + signature(of: random, key: key)
    }

    /// Whether `value` is a pre-session value this server (any instance) issued.
    public static func isIssuedPreSession(_ value: String, key: [UInt8]) -> Bool {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 43 else { return false }
        return constantTimeEqual(Array(signature(of: String(parts[0]), key: key).utf8), Array(parts[1].utf8))
    }

    static func signature(of random: String, key: [UInt8]) -> String {
        Base64URL.encode(HMAC.sha256(key: key, message: Array(("health-talent console pre-session:" + random).utf8)))
    }

    static func constantTimeEqual(_ expected: [UInt8], _ given: [UInt8]) -> Bool {
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }

    /// The value of cookie `name` in the request's `Cookie` headers.
    public static func cookie(_ name: String, in fields: HTTPFields) -> String? {
        for header in fields[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// A `Set-Cookie` value: HttpOnly and SameSite=Strict always, Secure when the request came over
    /// TLS, scoped to the console (or, `path`, to the candidates' pages). `maxAge` 0 removes the cookie.
    public static func setCookie(_ name: String, value: String, maxAge: Int?, secure: Bool, path: String = ConsolePaths.home.mount) -> String {
        var parts = ["\(name)=\(value)", "Path=\(path)", "HttpOnly", "SameSite=Strict"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}

/// Where the console finds the key that signs pre-session values (Identity keeps it in its schema).
public protocol ConsoleKeySource: Sendable {
    func consoleKey() async throws -> [UInt8]
}
