import Console
import Contracts
import Foundation
import Web

/// 考试周期: every cycle and the form (new, or editing one), each input with its message.
struct CyclesPage: Sendable {
    let rows: [CycleRow]
    let title: String
    let action: String
    let fields: [CycleFormField]
    let notice: String
    let noticeError: String?
    /// The eligibility table as JSON (blank: the defaults for a new cycle, the stored table for an edit).
    let eligibility: String
    let eligibilityError: String?
    let csrf: String

    init(cycles: [Cycle], editing year: Int?, values: [String: String], errors: [String: String], csrf: String) {
        rows = cycles.map(CycleRow.init)
        title = year.map { "修改 \($0) 年考试周期" } ?? "新建考试周期"
        action = year.map { CyclePaths.consoleOne.link($0) } ?? CyclePaths.console.link()
        fields = CycleFormField.fields(values: values, errors: errors, withYear: year == nil)
        notice = values["noticeText"] ?? ""
        noticeError = errors["noticeText"]
        eligibility = values["eligibility"] ?? ""
        eligibilityError = errors["eligibility"]
        self.csrf = csrf
    }
}

struct CycleRow: Encodable, Sendable {
    let year: Int
    let window: String
    let review: String
    let trialEnd: String
    let href: String

    init(_ cycle: Cycle) {
        year = cycle.year
        window = ConsoleFormat.minute(cycle.opensAt) + " 至 " + ConsoleFormat.minute(cycle.closesAt)
        review = ConsoleFormat.minute(cycle.reviewDeadline)
        trialEnd = cycle.trialCompletionDeadline.description
        href = CyclePaths.consoleOne.link(cycle.year)
    }
}

struct CycleFormField: Encodable, Sendable {
    let name: String
    let label: String
    let type: String
    let value: String
    let fieldError: String?

    static func fields(values: [String: String], errors: [String: String], withYear: Bool) -> [CycleFormField] {
        var definitions: [(String, String, String)] = [
            ("opensAt", "申报开始时间", "datetime-local"), ("closesAt", "申报截止时间", "datetime-local"),
            ("reviewDeadline", "单位审核截止时间", "datetime-local"), ("trialCompletionDeadline", "试用期截止日期", "date"),
            ("requiredTrialMonths", "试用期要求（月）", "number"),
        ]
        if withYear { definitions.insert(("year", "考试年度", "number"), at: 0) }
        return definitions.map { CycleFormField(name: $0.0, label: $0.1, type: $0.2, value: values[$0.0] ?? "", fieldError: errors[$0.0]) }
    }
}
