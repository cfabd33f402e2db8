import Foundation
import LibCrypto

/// A 6-digit login code from the CSPRNG. Stored as HMAC-SHA256 under a random per-code key, compared
/// in constant time.
struct SMSCode: Sendable {
    let digits: String

    static func generate() -> SMSCode {
        // Rejection sampling keeps every code equally likely.
        while true {
            let bytes = SecureRandom.bytes(4)
            let value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            if value < 4_294_000_000 {  // largest multiple of 1,000,000 below 2^32
                return SMSCode(digits: String(format: "%06u", value % 1_000_000))
            }
        }
    }

    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 6 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    static func hash(_ digits: String, key: [UInt8]) -> [UInt8] {
        HMAC.sha256(key: key, message: Array(digits.utf8))
    }

    static func matches(_ digits: String, hash: [UInt8], key: [UInt8]) -> Bool {
        let candidate = Self.hash(digits, key: key)
        guard candidate.count == hash.count else { return false }
        return zip(candidate, hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
