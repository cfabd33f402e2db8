/// A mainland China mobile number: 11 digits starting with 1. Accepts `+86`/`86` prefixes and spaces or
/// dashes, which people type; stores the bare 11 digits.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let digits: String

    public init?(_ text: String) {
        var cleaned = text.filter { !" -".contains($0) }
        if cleaned.hasPrefix("+86") { cleaned.removeFirst(3) } else if cleaned.count == 13, cleaned.hasPrefix("86") { cleaned.removeFirst(2) }
        guard cleaned.count == 11, cleaned.first == "1", cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        digits = cleaned
    }

    /// `138****8000`: enough for the owner to recognise, not enough to call.
    public var masked: String { String(digits.prefix(3)) + "****" + String(digits.suffix(4)) }

    /// E.164, as the SMS gateway wants it.
    public var international: String { "+86" + digits }

    /// Logs and errors show the masked form only.
    public var description: String { masked }
}
