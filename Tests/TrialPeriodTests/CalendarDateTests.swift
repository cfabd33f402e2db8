import Contracts
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
}
