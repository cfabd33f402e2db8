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

    public init(maximumTrialInstitutions: Int = 10, maximumAttachments: Int = 20, examYear: Int? = nil) {
        self.maximumTrialInstitutions = maximumTrialInstitutions
        self.maximumAttachments = maximumAttachments
        self.examYear = examYear
    }

    public static func read(from reader: inout EnvironmentReader) -> TrialPeriodSettings {
        var examYear: Int?
        if let text = reader.value("EXAM_YEAR") {
            if let year = Int(text), CycleInput.years.contains(year) { examYear = year } else {
                reader.report("EXAM_YEAR must be a year from \(CycleInput.years.lowerBound) to \(CycleInput.years.upperBound), got \"\(text)\"")
            }
        }
        return TrialPeriodSettings(
            maximumTrialInstitutions: reader.integer("TRIAL_MAX_INSTITUTIONS", default: 10, in: 1...50),
            maximumAttachments: reader.integer("TRIAL_MAX_ATTACHMENTS", default: 20, in: 1...100),
            examYear: examYear
        )
    }
}
