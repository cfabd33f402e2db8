import Contracts
import Logging
import Postgres
import Web

/// Entry point of the TrialPeriod module: trial-period declarations (试用期申报) and their review.
/// Owns the `trial` schema; other modules reach it only through the protocols it offers in Contracts.
public struct TrialPeriodModule: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Registers the module's HTTP routes. It has none yet: they arrive with the issue that builds the module.
    public func registerRoutes(on routes: ModuleRoutes) {}
}
