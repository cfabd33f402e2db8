import Contracts
import Foundation
import Testing

@Suite("Calendar dates: only real days parse; months and days are counted exactly", .timeLimit(.minutes(1)))
struct CalendarDateTests {
    @Test(arguments: ["2025-02-29", "2024-13-01", "2024-00-10", "24-01-01", "2024-1-01", "１２３４-01-01", "0999-01-01", "3000-01-01"])
    func unrealOrMalformedDatesDoNotParse(_ text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func leapDaysAndMonthArithmetic() {
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2026-09-01")!.adding(months: -12) == CalendarDate("2025-09-01"))
        #expect(CalendarDate("2024-03-31")!.adding(months: -1) == CalendarDate("2024-02-29"))
        #expect(CalendarDate("2025-09-01")!.daysUntil(CalendarDate("2026-09-01")!) == 365)
        #expect(CalendarDate("2024-02-28")!.next == CalendarDate("2024-02-29"))
        #expect(CalendarDate("2024-12-31")!.next == CalendarDate("2025-01-01"))
    }

    /// The arithmetic agrees with Foundation's calendar in UTC+8 on instants spread over 1900–2999,
    /// including the hours around midnight in China.
    @Test func theDayInChinaMatchesFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        var seconds = -2_208_988_800.0 + 3600
        while seconds < 32_503_680_000 {
            for offset in [0.0, 57_599, 57_600, 57_601] {
                let date = Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400 + offset)
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                let expected = CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
                #expect(CalendarDate(inChina: date) == expected, "\(date)")
            }
            seconds += 86_400 * 97.3
        }
        #expect(CalendarDate(inChina: Date(timeIntervalSince1970: .nan)) == CalendarDate(year: 2999, month: 12, day: 31))
        #expect(CalendarDate(inChina: Date(timeIntervalSince1970: -1e300)) == CalendarDate(year: 1900, month: 1, day: 1))
    }
}
