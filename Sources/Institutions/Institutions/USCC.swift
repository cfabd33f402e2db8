/// 统一社会信用代码 (GB 32100-2015): 18 characters from an alphabet without I, O, S, V, Z; the last is a
/// check character over the first 17 (weights 3^i mod 31).
enum USCC {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Upper-cased, spaces removed: how people type codes.
    static func normalize(_ text: String) -> String {
        text.uppercased().filter { $0 != " " && $0 != "-" }
    }

    enum Verdict: Equatable {
        /// 18 characters of the alphabet and a matching check character.
        case valid
        /// The right shape, but the check character does not match (some early codes; an administrator
        /// may accept one).
        case checkFails
        /// Not a code at all.
        case malformed
    }

    static func verdict(_ code: String) -> Verdict {
        let characters = Array(code)
        guard characters.count == 18 else { return .malformed }
        var values: [Int] = []
        for character in characters {
            guard let value = alphabet.firstIndex(of: character) else { return .malformed }
            values.append(value)
        }
        let sum = zip(values.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (31 - sum % 31) % 31
        return values[17] == check ? .valid : .checkFails
    }

    /// The check character for 17 characters of the alphabet (for generated test data and fixtures).
    static func checkCharacter(for prefix: String) -> Character? {
        let characters = Array(prefix)
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (character, weight) in zip(characters, weights) {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}
