import Contracts
import Foundation

/// Validation of document numbers by their published rules (GB 11643 MOD 11-2 for resident IDs and
/// permits of the same layout, formats for the others), with the Chinese message
/// a candidate sees when a number is wrong.
public enum DocumentNumber {
    /// The number as stored: trimmed, spaces removed, letters upper-cased (a resident ID's `x` is `X`).
    public static func normalize(_ text: String) -> String {
        text.filter { !$0.isWhitespace }.uppercased()
    }

    /// nil when valid, else why not (Chinese).
    public static func problem(with number: String, type: DocumentType, today: Date = Date()) -> String? {
        switch type {
        case .residentID:
            return eighteenCharacterProblem(number, today: today, regions: nil)
        case .hmtResidencePermit:
            return eighteenCharacterProblem(number, today: today, regions: ["810000", "820000", "830000"])
        case .hkMacauPermit:
            return matches(number, #"^[HM][0-9]{8}([0-9]{2})?$"#) ? nil : "港澳居民来往内地通行证号码应为 H 或 M 开头加 8 位数字"
        case .taiwanPermit:
            return matches(number, #"^([0-9]{8}|[0-9A-Z]{10})$"#) ? nil : "台湾居民来往大陆通行证号码应为 8 位数字（旧版为 10 位）"
        case .foreignPermanentResidentID:
            if number.count == 18 {
                guard number.hasPrefix("9") else { return "新版外国人永久居留身份证号码以 9 开头" }
                return checkDigitProblem(number) ?? (matches(number, #"^[0-9]{17}[0-9X]$"#) ? nil : "证件号码格式不正确")
            }
            return matches(number, #"^[A-Z]{3}[0-9]{12}$"#) ? nil : "外国人永久居留身份证号码应为 18 位（新版）或 3 个字母加 12 位数字（旧版）"
        case .passport:
            return matches(number, #"^[A-Z0-9]{5,20}$"#) ? nil : "护照号码应为 5 至 20 位字母或数字"
        case .militaryID:
            let length = number.count
            return (2...40).contains(length) && !number.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
                ? nil : "请填写正确的军官证或士兵证号码"
        }
    }

    /// The 18-character resident ID layout (also used by residence permits): region, birth date,
    /// sequence, ISO 7064 MOD 11-2 check character.
    static func eighteenCharacterProblem(_ number: String, today: Date, regions: Set<String>?) -> String? {
        guard matches(number, #"^[0-9]{17}[0-9X]$"#) else { return "证件号码应为 18 位，最后一位可以是数字或 X" }
        if let regions, !regions.contains(String(number.prefix(6))) {
            return "港澳台居民居住证号码以 810000、820000 或 830000 开头"
        }
        guard birthDate(of: number, notAfter: today) != nil else { return "证件号码中的出生日期不正确" }
        return checkDigitProblem(number)
    }

    static func checkDigitProblem(_ number: String) -> String? {
        checkCharacter(forFirst17: String(number.prefix(17))) == number.last ? nil : "证件号码校验位不正确，请核对"
    }

    /// ISO 7064 MOD 11-2 check character of the first 17 digits.
    public static func checkCharacter(forFirst17 digits: String) -> Character? {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == 17 else { return nil }
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// The birth date in characters 7–14, if it is a real date between 1900 and `notAfter`.
    public static func birthDate(of number: String, notAfter today: Date = Date()) -> DateComponents? {
        guard number.count == 18 else { return nil }
        let digits = Array(number)
        guard let year = Int(String(digits[6..<10])), let month = Int(String(digits[10..<12])), let day = Int(String(digits[12..<14])) else { return nil }
        // CalendarDate only holds real days of 1900–2999; Foundation's Calendar is not safe to build
        // on many threads at once on Linux.
        guard let date = CalendarDate(year: year, month: month, day: day), date <= CalendarDate(inChina: today) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        return components
    }

    /// From the 17th character: odd is male, even is female.
    public static func gender(of number: String) -> Gender? {
        guard number.count == 18, let digit = Array(number)[16].wholeNumberValue else { return nil }
        return digit % 2 == 1 ? .male : .female
    }

    /// `110105********002X`: the first 6 and last 4 characters.
    public static func masked(_ number: String) -> String {
        DocumentNumberMask.masked(number)
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
