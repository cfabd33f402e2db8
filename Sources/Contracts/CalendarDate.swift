import Foundation
import Postgres

/// A day in the proleptic Gregorian calendar, as the API writes dates (`YYYY-MM-DD`) and PostgreSQL
/// stores `date`. Only real days parse (`2025-02-29` does not), years 1900–2999, so no arithmetic on
/// what a client sent can overflow.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, zero-padded).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `date` falls on in China (UTC+8, no daylight saving): what "today" means to a candidate.
    /// Pure arithmetic (`Postgres.CivilDays`, shared with the database's timestamps) rather than
    /// Foundation's `Calendar`, which is slow to build and not safe to create on many threads at once on Linux.
    public init(inChina date: Date) {
        self.init(date, utcOffsetSeconds: 8 * 3600)
    }

    /// The day `date` falls on at a fixed offset from UTC (0 for UTC itself).
    public init(_ date: Date, utcOffsetSeconds: Int) {
        let seconds = date.timeIntervalSince1970 + Double(utcOffsetSeconds)
        // 1900-01-01 to 2999-12-31 in seconds since 1970; outside (or NaN) a running server never is:
        // answer the nearest end rather than trap on a conversion.
        guard seconds.isFinite, seconds >= -2_208_988_800, seconds < 32_503_680_000 else {
            self = seconds < 0 ? Self.first : Self.last
            return
        }
        let civil = CivilDays.civil(fromDays: Int64((seconds / 86_400).rounded(.down)))
        self = CalendarDate(year: Int(civil.year), month: Int(civil.month), day: Int(civil.day)) ?? Self.last
    }

    static let first = CalendarDate(year: 1900, month: 1, day: 1)!
    static let last = CalendarDate(year: 2999, month: 12, day: 31)!

    /// `YYYY-MM-DD` (years are 1900–2999, so always four digits).
    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The next day (the last representable day stays itself).
    public var next: CalendarDate {
        if let date = CalendarDate(year: year, month: month, day: day + 1) { return date }
        if let date = CalendarDate(year: year, month: month + 1, day: 1) { return date }
        return CalendarDate(year: year + 1, month: 1, day: 1) ?? self
    }

    /// The same day `months` later (or earlier, when negative), clamped to the month's length
    /// (Jan 31 + 1 month = Feb 28/29); nil outside the representable years.
    public func adding(months: Int) -> CalendarDate? {
        guard abs(months) <= 12 * 1100 else { return nil }
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12, newMonth = total % 12 + 1
        guard (1900...2999).contains(newYear) else { return nil }
        return CalendarDate(year: newYear, month: newMonth, day: min(day, Self.days(inMonth: newMonth, of: newYear)))
    }

    /// Days from `self` to `other` (negative when earlier).
    public func daysUntil(_ other: CalendarDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Days since 1970-01-01.
    private var dayNumber: Int {
        Int(CivilDays.days(fromCivil: Int64(year), Int64(month), Int64(day)))
    }
}

extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a real date in YYYY-MM-DD form")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension CalendarDate: PostgresEncodable, PostgresDecodable {
    public var postgresText: String? { description }
    public static func accepts(_ type: PostgresType) -> Bool { type == .date }
    public init?(postgresText text: String) { self.init(text) }
}
