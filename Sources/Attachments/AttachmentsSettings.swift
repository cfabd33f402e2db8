import Foundation
import Web

/// Every limit and window of the Attachments module.
public struct AttachmentSettings: Sendable {
    /// Uploads per account in any 24 hours, so one account cannot fill the disk.
    public var dailyUploadsPerAccount = 200
    /// The "daily" upload window: sliding.
    public var uploadWindow: TimeInterval = 24 * 60 * 60
    /// Blobs no row references are removed by `attachments gc` once they are older than this.
    public var garbageGracePeriod: TimeInterval = 24 * 60 * 60
    /// Temporary files older than this belong to no upload in progress.
    public var temporaryFileGracePeriod: TimeInterval = 60 * 60

    public init() {}

    /// The upload limit from the environment (`UPLOADS_PER_DAY`); the grace periods belong to `gc`'s
    /// command line.
    public static func read(from reader: inout EnvironmentReader) -> AttachmentSettings {
        var settings = AttachmentSettings()
        settings.dailyUploadsPerAccount = reader.integer("UPLOADS_PER_DAY", default: settings.dailyUploadsPerAccount, in: 1...100_000)
        return settings
    }
}
