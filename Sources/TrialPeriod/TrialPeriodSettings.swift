import Web

/// The TrialPeriod module's limits, read from the environment with their defaults.
public struct TrialPeriodSettings: Sendable, Equatable {
    /// `TRIAL_MAX_INSTITUTIONS`: 试用/工作机构 entries per declaration.
    public var maximumTrialInstitutions: Int
    /// `TRIAL_MAX_ATTACHMENTS`: attachments per declaration.
    public var maximumAttachments: Int

    public init(maximumTrialInstitutions: Int = 10, maximumAttachments: Int = 20) {
        self.maximumTrialInstitutions = maximumTrialInstitutions
        self.maximumAttachments = maximumAttachments
    }

    public static func read(from reader: inout EnvironmentReader) -> TrialPeriodSettings {
        TrialPeriodSettings(
            maximumTrialInstitutions: reader.integer("TRIAL_MAX_INSTITUTIONS", default: 10, in: 1...50),
            maximumAttachments: reader.integer("TRIAL_MAX_ATTACHMENTS", default: 20, in: 1...100)
        )
    }
}
