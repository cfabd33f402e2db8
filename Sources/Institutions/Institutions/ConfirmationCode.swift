import LibCrypto

/// 单位确认码: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), drawn from the CSPRNG by
/// rejection sampling so every character is equally likely.
enum ConfirmationCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ".utf8)
    static let length = 8

    static func generate() -> String {
        var characters: [UInt8] = []
        // 248 = 8 × 31: bytes at or above it would favour the first characters.
        let limit = UInt8(256 / alphabet.count * alphabet.count)
        while characters.count < length {
            for byte in SecureRandom.bytes(16) where byte < limit && characters.count < length {
                characters.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// What a person typed, as the stored form: upper-cased, spaces dropped.
    static func normalize(_ text: String) -> String {
        String(text.uppercased().filter { !$0.isWhitespace })
    }

    /// Constant-time comparison: the time taken says nothing about how much of a guess was right.
    static func matches(_ candidate: String, _ stored: String) -> Bool {
        let a = Array(candidate.utf8), b = Array(stored.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
