import Foundation

/// Text forms of timestamps and dates as the server speaks them with `DateStyle=ISO` and `TimeZone=UTC`
/// (the session settings `ConnectionSettings` always sends). Hand-written because Foundation's
/// formatters are slow and not meant to be shared across threads.
public enum PostgresTimestamp {
    /// The instants `format` writes as digits: years 0001 to 9999, the range both four-digit years and
    /// PostgreSQL's timestamptz cover. Anything outside (including NaN and ±∞) is a total, trap-free
    /// `infinity`/`-infinity` rather than arithmetic that could overflow.
    static let representable: ClosedRange<Double> = -62_135_596_800...253_402_300_799.999_999

    /// `2024-05-06T07:08:09.123456Z`: accepted by timestamptz, timestamp and date inputs. Total: an
    /// instant outside `representable` becomes `infinity` or `-infinity` (NaN: `infinity`).
    static func format(_ date: Date) -> String {
        format(date, withMicroseconds: true)
    }

    /// `2024-05-06T07:08:09Z`: ISO 8601 to the second (truncated), as the API writes instants; the same
    /// text Foundation's `.iso8601` strategy writes, without its formatter. Total, like `format`.
    public static func iso8601Seconds(_ date: Date) -> String {
        format(date, withMicroseconds: false)
    }

    private static func format(_ date: Date, withMicroseconds: Bool) -> String {
        let interval = date.timeIntervalSince1970
        guard representable.contains(interval) else { return interval < 0 ? "-infinity" : "infinity" }
        // Within the range the products below stay far from Int64's limits (|micros| < 2.6e17).
        let totalMicros = withMicroseconds ? (interval * 1_000_000).rounded() : (interval.rounded(.down) * 1_000_000)
        var seconds = Int64((totalMicros / 1_000_000).rounded(.down))
        let micros = Int64(totalMicros) - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        seconds -= days * 86_400
        let (year, month, day) = CivilDays.civil(fromDays: days)
        // Written digit by digit into a fixed buffer: `String(format:)` parses its format on every call
        // and was a visible share of every request's CPU (issue 14).
        return String(unsafeUninitializedCapacity: 27) { buffer in
            guard withMicroseconds else {
                write(to: buffer, year, month, day, seconds)
                buffer[19] = 90  // Z
                return 20
            }
            write(to: buffer, year, month, day, seconds)
            buffer[19] = 46  // .
            put(micros, width: 6, at: 20, in: buffer)
            buffer[26] = 90  // Z
            return 27
        }
    }

    private static func put(_ value: Int64, width: Int, at offset: Int, in buffer: UnsafeMutableBufferPointer<UInt8>) {
        var value = value
        for position in stride(from: offset + width - 1, through: offset, by: -1) {
            buffer[position] = UInt8(truncatingIfNeeded: 48 + value % 10)
            value /= 10
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS` into the first 19 bytes.
    private static func write(to buffer: UnsafeMutableBufferPointer<UInt8>, _ year: Int64, _ month: Int64, _ day: Int64, _ seconds: Int64) {
        put(year, width: 4, at: 0, in: buffer)
        buffer[4] = 45  // -
        put(month, width: 2, at: 5, in: buffer)
        buffer[7] = 45
        put(day, width: 2, at: 8, in: buffer)
        buffer[10] = 84  // T
        put(seconds / 3600, width: 2, at: 11, in: buffer)
        buffer[13] = 58  // :
        put(seconds % 3600 / 60, width: 2, at: 14, in: buffer)
        buffer[16] = 58
        put(seconds % 60, width: 2, at: 17, in: buffer)
    }

    /// Parses `infinity`, `-infinity`, `YYYY-MM-DD` (a date, read as midnight UTC) or `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]]`.
    static func parse(_ text: String) -> Date? {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        let bytes = Array(text.utf8)
        var index = 0

        func number(_ length: Int) -> Int64? {
            guard index + length <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + length] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += length
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }

        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = CivilDays.days(fromCivil: year, month, day) * 86_400
        var fraction = 0.0
        if index < bytes.count {
            guard expect(32) || expect(84),  // ' ' or 'T'
                  let hour = number(2), expect(58), let minute = number(2), expect(58), let second = number(2)
            else { return nil }
            seconds += hour * 3600 + minute * 60 + second
            if expect(46) {  // '.'
                var scale = 0.1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
            if index < bytes.count {
                if expect(90) {  // 'Z'
                } else {
                    let sign: Int64
                    if expect(43) { sign = 1 } else if expect(45) { sign = -1 } else { return nil }
                    guard let offsetHours = number(2) else { return nil }
                    var offset = offsetHours * 3600
                    if expect(58) { guard let m = number(2) else { return nil }; offset += m * 60 }
                    if expect(58) { guard let s = number(2) else { return nil }; offset += s }
                    seconds -= sign * offset
                }
            }
        }
        guard index == bytes.count else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
