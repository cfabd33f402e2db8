import Foundation
import LibCrypto

/// An opaque bearer token: 256 bits from libcrypto's CSPRNG, written as 43 base64url characters. Only its
/// SHA-256 is stored, so a copy of the database does not let anyone log in.
struct SessionToken: Sendable {
    static let byteCount = 32
    let text: String

    static func generate() -> SessionToken {
        SessionToken(text: Base64URL.encode(SecureRandom.bytes(byteCount)))
    }

    /// The stored lookup key of a presented token, or nil when it cannot be one of ours.
    static func hash(ofPresented text: String) -> Data? {
        guard text.utf8.count == 43, let bytes = Base64URL.decode(text), bytes.count == byteCount else { return nil }
        return Data(SHA256.hash(bytes))
    }

    var hash: Data { Self.hash(ofPresented: text)! }
}
