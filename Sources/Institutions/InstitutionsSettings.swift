import Foundation
import Web

/// The module's limits, each read from the environment with its default (README lists them).
public struct InstitutionsSettings: Sendable {
    /// Wrong confirmation codes per account in the window, then 429 until the oldest leaves it.
    public var maximumWrongCodes = 5
    public var wrongCodeWindow: TimeInterval = 60 * 60
    /// Search result pages kept in memory per instance (docs/adr/0014); 0 turns the cache off.
    public var searchCacheEntries = 1000

    public init() {}

    public static func read(from reader: inout EnvironmentReader) -> InstitutionsSettings {
        var settings = InstitutionsSettings()
        settings.maximumWrongCodes = reader.integer("CONFIRMATION_CODE_MAX_FAILURES", default: settings.maximumWrongCodes, in: 1...100)
        settings.wrongCodeWindow = reader.seconds("CONFIRMATION_CODE_FAILURE_WINDOW_SECONDS", default: settings.wrongCodeWindow, in: 60...86_400)
        settings.searchCacheEntries = reader.integer("INSTITUTION_SEARCH_CACHE_ENTRIES", default: settings.searchCacheEntries, in: 0...100_000)
        return settings
    }
}
