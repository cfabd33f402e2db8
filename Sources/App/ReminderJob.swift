import Logging
import ServiceLifecycle
import TrialPeriod

/// Runs TrialPeriod's deadline reminders (issue 27) every `TRIAL_REMINDER_INTERVAL_SECONDS` while the
/// server runs: a Service of the server's group, stopped before the pool closes. Every instance runs it;
/// `ReminderService` makes sure each reminder goes once (an advisory lock per batch, the reminders sent
/// recorded, the messages' dedup keys). A failed run is logged and tried again at the next tick.
struct ReminderJob: Service {
    let reminders: ReminderService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await reminders.run()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("deadline reminders failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
                }
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
