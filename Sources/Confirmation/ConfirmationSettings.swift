import Web

/// The Confirmation module's limits, read from the environment with their defaults.
public struct ConfirmationSettings: Sendable, Equatable {
    /// `EXAM_RECORD_IMPORT_MAX_BYTES`: the largest CSV a unit may upload at once (2 MiB holds
    /// thousands of rows).
    public var importMaximumBytes: Int
    /// `EXAM_RECORD_IMPORT_MAX_ROWS`: data rows per upload.
    public var importMaximumRows: Int
    /// `EXAM_RECORD_DISPUTES_PER_DAY`: disputes of one record in any 24 hours. Each dispute notifies
    /// the unit, and a candidate could otherwise alternate dispute and confirm without end.
    public var disputesPerDay: Int

    public init(importMaximumBytes: Int = 2 * 1024 * 1024, importMaximumRows: Int = 2000, disputesPerDay: Int = 10) {
        self.importMaximumBytes = importMaximumBytes
        self.importMaximumRows = importMaximumRows
        self.disputesPerDay = disputesPerDay
    }

    public static func read(from reader: inout EnvironmentReader) -> ConfirmationSettings {
        ConfirmationSettings(
            importMaximumBytes: reader.integer("EXAM_RECORD_IMPORT_MAX_BYTES", default: 2 * 1024 * 1024, in: 1024...(64 * 1024 * 1024)),
            importMaximumRows: reader.integer("EXAM_RECORD_IMPORT_MAX_ROWS", default: 2000, in: 1...100_000),
            disputesPerDay: reader.integer("EXAM_RECORD_DISPUTES_PER_DAY", default: 10, in: 1...1000)
        )
    }
}
