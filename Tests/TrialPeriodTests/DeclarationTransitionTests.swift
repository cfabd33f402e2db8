import Testing
@testable import TrialPeriod

/// The declaration status transition table, entry by entry: every status × action gives the next status
/// or a refusal (nil). Changing one entry of `DeclarationStatus.after(_:)` fails exactly one case here.
@Suite("Declaration transitions: the whole table")
struct DeclarationTransitionTests {
    typealias S = DeclarationStatus
    typealias A = DeclarationStatus.Action

    static let table: [(S, A, S?)] = [
        (.draft, .submit, .submitted),
        (.draft, .withdraw, nil),
        (.draft, .approve, nil),
        (.draft, .returnToCandidate, nil),
        (.draft, .allowModification, nil),
        (.draft, .undoModification, nil),

        (.submitted, .submit, nil),
        (.submitted, .withdraw, .draft),
        (.submitted, .approve, .approved),
        (.submitted, .returnToCandidate, .returned),
        (.submitted, .allowModification, nil),
        (.submitted, .undoModification, nil),

        (.returned, .submit, .submitted),
        (.returned, .withdraw, nil),
        (.returned, .approve, nil),
        (.returned, .returnToCandidate, nil),
        (.returned, .allowModification, nil),
        (.returned, .undoModification, nil),

        (.approved, .submit, nil),
        (.approved, .withdraw, nil),
        (.approved, .approve, nil),
        (.approved, .returnToCandidate, nil),
        (.approved, .allowModification, .modificationAllowed),
        (.approved, .undoModification, nil),

        (.modificationAllowed, .submit, .submitted),
        (.modificationAllowed, .withdraw, nil),
        (.modificationAllowed, .approve, nil),
        (.modificationAllowed, .returnToCandidate, nil),
        (.modificationAllowed, .allowModification, nil),
        (.modificationAllowed, .undoModification, .approved),
    ]

    @Test(arguments: table.map { Entry(from: $0.0, action: $0.1, expected: $0.2) })
    func entry(_ entry: Entry) {
        #expect(entry.from.after(entry.action) == entry.expected, "\(entry.from.rawValue) × \(entry.action.rawValue)")
    }

    /// The table above names every status × action once, so a new status or action cannot go untested.
    @Test func theTableIsComplete() {
        let named = Set(Self.table.map { "\($0.0.rawValue)×\($0.1.rawValue)" })
        let all = Set(S.allCases.flatMap { status in A.allCases.map { "\(status.rawValue)×\($0.rawValue)" } })
        #expect(named == all)
        #expect(Self.table.count == all.count)
    }

    /// Exactly the statuses the candidate may edit are those a submission leaves from.
    @Test(arguments: S.allCases)
    func editableIffSubmittable(_ status: S) {
        #expect(status.isEditable == (status.after(.submit) != nil))
    }

    struct Entry: Sendable, CustomTestStringConvertible {
        let from: S
        let action: A
        let expected: S?
        var testDescription: String { "\(from.rawValue) × \(action.rawValue) → \(expected?.rawValue ?? "refused")" }
    }
}
