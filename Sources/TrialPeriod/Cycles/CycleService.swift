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

    func create(_ input: CycleInput, origin: RequestOrigin) async throws -> Cycle {
        let now = clock.now()
        return try await database.transaction { connection in
            guard try await CycleStore.insert(input, at: now, on: connection) else { throw TrialPeriodProblems.cycleExists }
            try await connection.record(Self.event("trial.cycle.create", input), origin: origin)
            return Cycle(input)
        }
    }

    func update(_ input: CycleInput, origin: RequestOrigin) async throws -> Cycle {
        let now = clock.now()
        return try await database.transaction { connection in
            guard try await CycleStore.update(input, at: now, on: connection) else { throw Problem.notFound }
            try await connection.record(Self.event("trial.cycle.update", input), origin: origin)
            return Cycle(input)
        }
    }

    /// Creates the cycle or replaces its settings (the command line's `cycles open`). Answers whether
    /// it was created.
    public func open(
        year: Int, opensAt: Date, closesAt: Date, reviewDeadline: Date, trialCompletionDeadline: String, noticeText: String,
        requiredTrialMonths: Int?
    ) async throws -> Bool {
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
            let created = try await CycleStore.insert(input, at: now, on: connection)
            if !created { _ = try await CycleStore.update(input, at: now, on: connection) }
            try await connection.record(Self.event(created ? "trial.cycle.create" : "trial.cycle.update", input), origin: origin)
            return created
        }
    }

    private static func event(_ action: String, _ input: CycleInput) -> AuditEvent {
        AuditEvent(action: action, entityType: "trial_cycle", entityID: String(input.year), details: ["required_trial_months": String(input.requiredTrialMonths)])
    }
}
