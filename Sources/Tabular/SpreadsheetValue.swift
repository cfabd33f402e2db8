/// Values as spreadsheets write them, read into the platform's forms.
public enum SpreadsheetValue {
    /// A date as Excel and people write it, as `YYYY-MM-DD`: `2020-09-01`, `2020-9-1`, `2020/9/1`,
    /// `2020.09.01`, `2020年9月1日`. Nil for anything else (the caller's validation then reports the text
    /// as it is); the day is not checked against its month here, the date validation does that.
    public static func isoDate(_ text: String) -> String? {
        var parts: [Substring] = []
        let trimmed = text.hasSuffix("日") ? text.dropLast() : Substring(text)
        if trimmed.contains("年") {
            guard text.hasSuffix("日") else { return nil }
            let year = trimmed.split(separator: "年", maxSplits: 1, omittingEmptySubsequences: false)
            guard year.count == 2 else { return nil }
            let month = year[1].split(separator: "月", maxSplits: 1, omittingEmptySubsequences: false)
            guard month.count == 2 else { return nil }
            parts = [year[0], month[0], month[1]]
        } else {
            guard let separator = ["-", "/", "."].first(where: { trimmed.contains($0) }) else { return nil }
            parts = trimmed.split(separator: Character(separator), omittingEmptySubsequences: false)
        }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) }),
              parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count)
        else { return nil }
        func padded(_ part: Substring) -> String { part.count == 1 ? "0" + part : String(part) }
        return "\(parts[0])-\(padded(parts[1]))-\(padded(parts[2]))"
    }

    /// Whether `text` is a number in Excel's scientific notation (`4.20102E+17`, `4.2e17`): what a long
    /// number typed into a General-formatted cell becomes when the file is saved.
    public static func isScientificNotation(_ text: String) -> Bool {
        let upper = text.uppercased()
        let halves = upper.split(separator: "E", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { return false }
        let mantissa = halves[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var exponent = halves[1]
        if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
        return !mantissa[0].isEmpty && mantissa.allSatisfy { $0.allSatisfy(\.isASCIIDigitCharacter) }
            && !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigitCharacter)
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
