import Web

/// The Notifications module's limits, read from the environment with their defaults.
public struct NotificationsSettings: Sendable, Equatable {
    /// `NOTIFICATION_TEXT_MAX_CHARACTERS`: a message's text is cut to this many characters (with …),
    /// so a long reason never fails the change that caused the message.
    public var maximumTextCharacters: Int

    public init(maximumTextCharacters: Int = 1000) {
        self.maximumTextCharacters = maximumTextCharacters
    }

    public static func read(from reader: inout EnvironmentReader) -> NotificationsSettings {
        NotificationsSettings(maximumTextCharacters: reader.integer("NOTIFICATION_TEXT_MAX_CHARACTERS", default: 1000, in: 100...1000))
    }
}
