import Contracts
import Foundation
import Logging
import Postgres

/// The deadline reminders (issue 27): candidates whose declaration is still a draft or sent back, the
/// days `TRIAL_REMINDER_DAYS` before their deadline; each unit's administrators, as many days before the
/// review deadline, how many declarations still wait. The server runs it periodically (`ReminderJob`
/// in App); several instances never send one twice: each batch is one transaction that first takes a
/// transaction-level advisory lock (an instance that finds it taken leaves the work to the holder), the
/// reminders sent are recorded in the same transaction (the next query skips them), and every message
/// has its dedup key.
public struct ReminderService: Sendable {
    let database: Database
    let clock: any WallClock
    let notifier: any Notifier
    let unitAdministrators: any UnitAdministratorDirectory
    let settings: TrialPeriodSettings
    let logger: Logger
    /// Reminders per transaction.
    let batchSize: Int

    static let lockKey = "trial.deadline_reminders"

    /// What one run sent.
    public struct Run: Sendable, Equatable {
        /// Reminders to candidates (one message each).
        public var declarations = 0
        /// Reminders to units (one message to each of their administrators).
        public var units = 0
        /// false when another instance held the lock: it does the work.
        public var ran = true

        public init(declarations: Int = 0, units: Int = 0, ran: Bool = true) {
            self.declarations = declarations
            self.units = units
            self.ran = ran
        }
    }

    /// Sends every reminder due now, in batches; answers how many.
    @discardableResult
    public func run() async throws -> Run {
        var run = Run()
        let days = settings.reminderDays
        guard !days.isEmpty else { return run }
        var first = true
        while true {
            let now = clock.now()
            let batch: (Int, Int)? = try await database.transaction { connection in
                guard try await connection.tryAdvisoryLock(Self.lockKey) else { return nil }
                var sent = (0, 0)
                for due in try await ReminderStore.dueDeclarations(at: now, days: days, limit: batchSize, on: connection) {
                    guard try await ReminderStore.recordSent(due, at: now, on: connection) else { continue }
                    try await notifier.notify(ReminderMessages.candidateMessage(due), on: connection)
                    sent.0 += 1
                }
                let room = batchSize - sent.0
                guard room > 0 else { return sent }
                for due in try await ReminderStore.dueReviews(at: now, days: days, limit: room, on: connection) {
                    guard try await ReminderStore.recordSent(due, at: now, on: connection) else { continue }
                    let administrators = try await unitAdministrators.administrators(of: due.institution, on: connection)
                    for note in ReminderMessages.unitMessages(due, administrators: administrators) {
                        try await notifier.notify(note, on: connection)
                    }
                    sent.1 += 1
                }
                return sent
            }
            guard let batch else {
                if first { run.ran = false }
                break
            }
            first = false
            run.declarations += batch.0
            run.units += batch.1
            if batch.0 + batch.1 < batchSize { break }
        }
        if run.declarations + run.units > 0 {
            logger.info("deadline reminders sent", metadata: ["declarations": "\(run.declarations)", "units": "\(run.units)"])
        }
        return run
    }
}
