import Contracts
import Foundation
import Postgres
import Web

/// One row of `trial.cycles`: an exam year's declaration window, deadlines, notice and rule parameters.
struct Cycle: Sendable, Equatable {
    let year: Int
    let opensAt: Date
    let closesAt: Date
    let reviewDeadline: Date
    let trialCompletionDeadline: CalendarDate
    let noticeText: String
    let requiredTrialMonths: Int
    /// Who may declare which level (ADR 0020).
    let eligibility: EligibilityTable

    static let columns: SQL = "year, opens_at, closes_at, review_deadline, trial_completion_deadline, notice_text, required_trial_months, eligibility"

    init(row: Row) throws {
        year = try row.decode(Int.self, "year")
        opensAt = try row.decode(Date.self, "opens_at")
        closesAt = try row.decode(Date.self, "closes_at")
        reviewDeadline = try row.decode(Date.self, "review_deadline")
        trialCompletionDeadline = try row.decode(CalendarDate.self, "trial_completion_deadline")
        noticeText = try row.decode(String.self, "notice_text")
        requiredTrialMonths = try row.decode(Int.self, "required_trial_months")
        eligibility = try row.decode(PostgresJSON<EligibilityTable>.self, "eligibility").value
    }

    init(_ input: CycleInput, eligibility: EligibilityTable) {
        year = input.year
        opensAt = input.opensAt
        closesAt = input.closesAt
        reviewDeadline = input.reviewDeadline
        trialCompletionDeadline = input.trialCompletionDeadline
        noticeText = input.noticeText
        requiredTrialMonths = input.requiredTrialMonths
        self.eligibility = eligibility
    }

    /// Candidates may create, edit, submit and withdraw declarations.
    func isOpen(at now: Date) -> Bool { opensAt <= now && now < closesAt }

    /// Units may review (approve, return, allow modification, confirm).
    func acceptsReviews(at now: Date) -> Bool { opensAt <= now && now < reviewDeadline }
}

/// A checked cycle, ready to store.
struct CycleInput: Sendable, Equatable {
    let year: Int
    let opensAt: Date
    let closesAt: Date
    let reviewDeadline: Date
    let trialCompletionDeadline: CalendarDate
    let noticeText: String
    let requiredTrialMonths: Int
    /// The eligibility table; nil keeps the stored one (a new cycle gets the defaults).
    var eligibility: EligibilityTable?

    static let years = 2000...2999
    static let months = 1...120
    static let notice = TextInput(field: "noticeText", label: "申报须知", maximumScalars: 20_000, multiline: true)

    /// Every problem at once; `year` is validated by the caller (it comes from the body or the path).
    static func validate(
        year: Int, opensAt: Date, closesAt: Date, reviewDeadline: Date, trialCompletionDeadline: String, noticeText: String,
        requiredTrialMonths: Int?, eligibility: EligibilityBody? = nil
    ) -> Result<CycleInput, Problem> {
        var problems: [FieldProblem] = []
        if !years.contains(year) { problems.append(TrialPeriodProblems.unsupportedCycle.at("year")) }
        if !(opensAt < closesAt) {
            problems.append(TrialPeriodProblems.closesBeforeOpens)
        }
        if !(closesAt <= reviewDeadline) {
            problems.append(TrialPeriodProblems.reviewBeforeClose)
        }
        let deadline = CalendarDate(trialCompletionDeadline)
        if deadline == nil {
            problems.append(TrialPeriodProblems.invalidTrialDeadline)
        }
        let months = requiredTrialMonths ?? 12
        if !Self.months.contains(months) {
            problems.append(TrialPeriodProblems.trialMonthsOutOfRange)
        }
        var notice = ""
        switch Self.notice.validate(noticeText) {
        case .success(let text): notice = text
        case .failure(let problem): problems.append(problem)
        }
        let table = eligibility.flatMap { EligibilityRules.table($0, into: &problems) }
        guard problems.isEmpty, let deadline else { return .failure(Problem.validation(problems)) }
        return .success(CycleInput(
            year: year, opensAt: opensAt, closesAt: closesAt, reviewDeadline: reviewDeadline, trialCompletionDeadline: deadline,
            noticeText: notice, requiredTrialMonths: months, eligibility: table
        ))
    }
}
