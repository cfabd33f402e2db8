import Contracts
import Foundation

/// WeChat's rules for a subscribe message's values, by the keyword's type (the key without its
/// number: `thing1` is a `thing`). A value that breaks its rule makes WeChat refuse the whole message
/// (47003), so every value is cut or reduced to fit before it is sent:
/// thing ≤ 20 characters; phrase ≤ 5 Chinese characters only; character_string ≤ 32 digits, letters or
/// symbols; number ≤ 32 digits (a decimal point allowed); letter ≤ 32 letters; symbol ≤ 5 symbols;
/// name ≤ 10 Chinese characters or ≤ 20 letters; time `2019年10月1日 15:01`; date `2019年10月1日`.
enum WeChatFieldRules {
    /// The type of a keyword: its letters and underscores before the trailing digits.
    static func type(ofKey key: String) -> String {
        String(key.reversed().drop(while: \.isNumber).reversed())
    }

    /// China's time: the platform's users read every time in Beijing time.
    static let chinaTime = TimeZone(identifier: "Asia/Shanghai")!

    static func timeText(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: chinaTime, from: date)
        func two(_ value: Int?) -> String { let text = String(value ?? 0); return text.count < 2 ? "0" + text : text }
        return "\(parts.year ?? 0)年\(parts.month ?? 0)月\(parts.day ?? 0)日 \(two(parts.hour)):\(two(parts.minute))"
    }

    static func dateText(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: chinaTime, from: date)
        return "\(parts.year ?? 0)年\(parts.month ?? 0)月\(parts.day ?? 0)日"
    }

    /// A short phrase (≤ 5 Chinese characters) saying what happened.
    static func status(of kind: NotificationKind) -> String {
        switch kind {
        case .verificationApproved: "认证通过"
        case .verificationRejected: "认证未通过"
        case .declarationReturned: "已退回"
        case .declarationApproved: "审核通过"
        case .declarationModificationAllowed: "允许修改"
        case .declarationDeadlineReminder: "即将截止"
        case .examRecordAwaitingConfirmation: "待确认"
        case .disputeAnswered: "已答复"
        case .bindingEnded: "已解除"
        case .declarationSubmitted: "新申报"
        case .declarationResubmitted: "重新提交"
        case .examRecordDisputed: "有异议"
        case .registrationDecided: "已处理"
        case .reviewDeadlineReminder: "即将截止"
        }
    }

    /// The value for `key`, taken from `source` and made to fit the key's type.
    static func value(forKey key: String, source: WeChatFieldSource, title: String, text: String, kind: NotificationKind, time: Date) -> String {
        let type = type(ofKey: key)
        switch type {
        case "time": return timeText(time)
        case "date": return dateText(time)
        default: break
        }
        let raw: String = switch source {
        case .title: title
        case .text: text
        case .status: status(of: kind)
        case .time: timeText(time)
        }
        return fit(raw, type: type)
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    /// `text` made to satisfy the rule of `type`.
    static func fit(_ text: String, type: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        switch type {
        case "phrase":
            return String(String.UnicodeScalarView(flat.unicodeScalars.filter(isHan).prefix(5)))
        case "character_string":
            return String(String.UnicodeScalarView(flat.unicodeScalars.filter { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }.prefix(32)))
        case "number":
            return String(String.UnicodeScalarView(flat.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "." }.prefix(32)))
        case "letter":
            return String(String.UnicodeScalarView(flat.unicodeScalars.filter { $0.isASCII && CharacterSet.letters.contains($0) }.prefix(32)))
        case "symbol":
            return String(String.UnicodeScalarView(flat.unicodeScalars.filter { $0.isASCII && CharacterSet.punctuationCharacters.union(.symbols).contains($0) }.prefix(5)))
        case "name":
            return cut(flat, to: flat.unicodeScalars.contains(where: isHan) ? 10 : 20)
        default:
            // thing and every other text type: at most 20 characters.
            return cut(flat, to: 20)
        }
    }

    /// At most `limit` characters, the last one `…` when cut.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}

/// The rules as tests reach them (the module's types stay internal).
public enum NotificationsTesting {
    /// `text` as the worker would send it for `key` (a `time`/`date` key takes `time`).
    public static func fit(_ text: String, key: String, time: Date = Date()) -> String {
        WeChatFieldRules.value(forKey: key, source: .text, title: "", text: text, kind: .declarationReturned, time: time)
    }
}
