import Audit
import Contracts
import Foundation
import Postgres

/// Exam cycles: platform administrators (and the `cycles open` command) create and edit them;
/// candidates read the open one.
public struct CycleService: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    func all() async throws -> [Cycle] {
        try await database.withConnection { try await CycleStore.all(on: $0) }
    }

    /// The cycle units review now: the open one, or one whose window closed before its review
    /// deadline; nil when none.
    func underReview() async throws -> Cycle? {
        let now = clock.now()
        return try await database.withConnection { try await CycleStore.underReview(at: now, on: $0) }
    }

    func current() async throws -> Cycle {
        let now = clock.now()
        guard let cycle = try await database.withConnection({ try await CycleStore.open(at: now, on: $0) }) else {
            throw TrialPeriodProblems.noOpenCycle
        }
        return cycle
    }

    /// The cycle whose eligibility table `GET /api/v1/reference` shows (open, else the latest opened, else
    /// the next), or nil when there is none.
    func referenceCycle() async throws -> Cycle? {
        let now = clock.now()
        return try await database.withConnection { try await CycleStore.current(at: now, on: $0) }
    }

    func create(_ input: CycleInput, origin: RequestOrigin) async throws -> Cycle {
        let now = clock.now()
        return try await database.transaction { connection in
            guard let cycle = try await CycleStore.insert(input, at: now, on: connection) else { throw TrialPeriodProblems.cycleExists }
            try await connection.record(Self.event("trial.cycle.create", cycle), origin: origin)
            return cycle
        }
    }

    func update(_ input: CycleInput, origin: RequestOrigin) async throws -> Cycle {
        let now = clock.now()
        return try await database.transaction { connection in
            guard let cycle = try await CycleStore.update(input, at: now, on: connection) else { throw Problem.notFound }
            try await connection.record(Self.event("trial.cycle.update", cycle), origin: origin)
            return cycle
        }
    }

    /// Creates the cycle or replaces its settings (the command line's `cycles open`). Answers whether
    /// it was created.
    public func open(
        year: Int, opensAt: Date, closesAt: Date, reviewDeadline: Date, trialCompletionDeadline: String, noticeText: String,
        requiredTrialMonths: Int?
    ) async throws -> Bool {
        // The command sets no eligibility table: a new cycle gets the defaults, an existing one keeps its own.
        let input: CycleInput
        switch CycleInput.validate(
            year: year, opensAt: opensAt, closesAt: closesAt, reviewDeadline: reviewDeadline,
            trialCompletionDeadline: trialCompletionDeadline, noticeText: noticeText, requiredTrialMonths: requiredTrialMonths
        ) {
        case .success(let valid): input = valid
        case .failure(let problem): throw problem
        }
        let now = clock.now()
        let origin = RequestOrigin(actor: nil, requestID: nil, clientIP: nil)
        return try await database.transaction { connection in
            var stored = try await CycleStore.insert(input, at: now, on: connection)
            let created = stored != nil
            if !created { stored = try await CycleStore.update(input, at: now, on: connection) }
            guard let stored else { throw Problem.notFound }
            try await connection.record(Self.event(created ? "trial.cycle.create" : "trial.cycle.update", stored), origin: origin)
            return created
        }
    }

    /// The event of a create or update, with the rule parameters as stored (the eligibility table as JSON).
    private static func event(_ action: String, _ cycle: Cycle) -> AuditEvent {
        AuditEvent(action: action, entityType: "trial_cycle", entityID: String(cycle.year), details: [
            "required_trial_months": String(cycle.requiredTrialMonths),
            "eligibility": PostgresJSON(cycle.eligibility).postgresText ?? "",
        ])
    }
}
