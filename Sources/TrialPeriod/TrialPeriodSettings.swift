import Foundation
import Web

/// The TrialPeriod module's limits, read from the environment with their defaults.
public struct TrialPeriodSettings: Sendable, Equatable {
    /// `TRIAL_MAX_INSTITUTIONS`: 试用/工作机构 entries per declaration.
    public var maximumTrialInstitutions: Int
    /// `TRIAL_MAX_ATTACHMENTS`: attachments per declaration.
    public var maximumAttachments: Int
    /// `EXAM_YEAR`: the exam year `GET /me` and the exam-information lists default to, when set;
    /// unset (the default), the year of the current or most recent exam cycle (ADR 0021).
    public var examYear: Int?
    /// `TRIAL_REMINDER_DAYS`: how many days before a deadline the reminders go (issue 27), a
    /// comma-separated list, each 1–30 (default `3,1`): to candidates whose declaration is still a draft
    /// or sent back, to units with declarations waiting for review.
    public var reminderDays: [Int]
    /// `TRIAL_REMINDER_INTERVAL_SECONDS`: how often the reminder job looks for what is due (default 600).
    public var reminderInterval: TimeInterval

    public init(
        maximumTrialInstitutions: Int = 10, maximumAttachments: Int = 20, examYear: Int? = nil, reminderDays: [Int] = [3, 1],
        reminderInterval: TimeInterval = 600
    ) {
        self.maximumTrialInstitutions = maximumTrialInstitutions
        self.maximumAttachments = maximumAttachments
        self.examYear = examYear
        self.reminderDays = reminderDays
        self.reminderInterval = reminderInterval
    }

    static let reminderDayRange = 1...30

    public static func read(from reader: inout EnvironmentReader) -> TrialPeriodSettings {
        var examYear: Int?
        if let text = reader.value("EXAM_YEAR") {
            if let year = Int(text), CycleInput.years.contains(year) { examYear = year } else {
                reader.report("EXAM_YEAR must be a year from \(CycleInput.years.lowerBound) to \(CycleInput.years.upperBound), got \"\(text)\"")
            }
        }
        var reminderDays = [3, 1]
        if let text = reader.value("TRIAL_REMINDER_DAYS") {
            let days = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if !days.isEmpty, days.allSatisfy({ $0.map(reminderDayRange.contains) == true }) {
                reminderDays = Array(Set(days.compactMap { $0 })).sorted(by: >)
            } else {
                reader.report("TRIAL_REMINDER_DAYS must be a comma-separated list of days from 1 to 30, got \"\(text)\"")
            }
        }
        return TrialPeriodSettings(
            maximumTrialInstitutions: reader.integer("TRIAL_MAX_INSTITUTIONS", default: 10, in: 1...50),
            maximumAttachments: reader.integer("TRIAL_MAX_ATTACHMENTS", default: 20, in: 1...100),
            examYear: examYear, reminderDays: reminderDays,
            reminderInterval: reader.seconds("TRIAL_REMINDER_INTERVAL_SECONDS", default: 600, in: 10...86_400)
        )
    }
}
