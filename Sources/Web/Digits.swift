/// Whole numbers written by people and URLs: ASCII digits only. Swift's `Int("+2027")` is 2027 and
/// `Int("-0")` is 0, so a path, query or form value parsed with it accepts spellings the contract does
/// not (a year written `+2027` was answered as 2027).
public enum Digits {
    /// The value of 1 to 9 ASCII digits (so it always fits) without a leading zero, or nil.
    public static func integer(_ text: some StringProtocol) -> Int? {
        let bytes = Array(text.utf8)
        guard (1...9).contains(bytes.count), bytes.allSatisfy({ (0x30...0x39).contains($0) }), bytes.count == 1 || bytes[0] != 0x30 else { return nil }
        return Int(text)
    }
}
