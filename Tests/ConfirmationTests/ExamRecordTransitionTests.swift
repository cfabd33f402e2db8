@testable import Confirmation
import Contracts
import Testing

/// The exam record's transition table (`ExamRecordStatus.after(_:)`), entry by entry: a changed entry
/// fails here, and so does a status or an action added without its row.
@Suite("Exam information: what each status allows", .timeLimit(.minutes(1)))
struct ExamRecordTransitionTests {
    typealias Action = ExamRecordStatus.Action

    static let table: [(ExamRecordStatus, Action, ExamRecordStatus?)] = [
        (.notEntered, .save, .awaitingConfirmation),
        (.notEntered, .confirm, nil),
        (.notEntered, .dispute, nil),
        (.awaitingConfirmation, .save, .awaitingConfirmation),
        (.awaitingConfirmation, .confirm, .confirmed),
        (.awaitingConfirmation, .dispute, .disputed),
        (.disputed, .save, .awaitingConfirmation),
        (.disputed, .confirm, .confirmed),
        (.disputed, .dispute, nil),
        (.confirmed, .save, .awaitingConfirmation),
        (.confirmed, .confirm, nil),
        (.confirmed, .dispute, .disputed),
    ]

    @Test(arguments: table)
    func eachStatusAndActionLeadsWhereTheTableSays(_ status: ExamRecordStatus, _ action: Action, _ next: ExamRecordStatus?) {
        #expect(status.after(action) == next, "\(status.rawValue) × \(action.rawValue)")
    }

    @Test func theTableHasOneRowForEveryStatusAndAction() {
        let rows = Self.table.map { "\($0.0.rawValue)×\($0.1.rawValue)" }
        let every = ExamRecordStatus.allCases.flatMap { status in Action.allCases.map { "\(status.rawValue)×\($0.rawValue)" } }
        #expect(rows.sorted() == every.sorted())
    }
}
