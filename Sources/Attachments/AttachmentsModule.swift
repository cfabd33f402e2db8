import Contracts
import Logging
import Postgres
import Web

/// Entry point of the Attachments module: content-addressed file storage, uploads and downloads.
/// Owns the `attachments` schema; other modules reach it only through the protocols it offers in Contracts.
public struct AttachmentsModule: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Registers the module's HTTP routes. It has none yet: they arrive with the issue that builds the module.
    public func registerRoutes(on routes: ModuleRoutes) {}
}
