import Contracts
import Hummingbird
import Web

/// The review list's filter, shared by the JSON list and the console page.
typealias ReviewFilter = DeclarationStore.UnitFilter

extension DeclarationStore.UnitFilter {
    static let nameFilter = TextInput(field: "q", label: "姓名", maximumScalars: 50)

    /// The filter from the query: `cycle`, `status`, `level`, `category`, `q` (a name fragment).
    ///
    /// The API (`consoleDefaults: false`) refuses an unknown value with a 422 naming every bad field.
    /// The console (`consoleDefaults: true`) reads an empty value as absent, shows what waits for the
    /// unit (`submitted`) when no status is given and every status for `all`, and ignores a value it
    /// does not know (and the cycle); only the name fragment is checked.
    init(query request: Request, consoleDefaults: Bool = false) throws {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            guard let text = parameters[Substring(name)].map(String.init) else { return nil }
            return consoleDefaults && text.isEmpty ? nil : text
        }
        self.init()
        var problems: [FieldProblem] = []
        if consoleDefaults {
            let status = value("status") ?? DeclarationStatus.submitted.rawValue
            self.status = status == "all" ? nil : DeclarationStatus(rawValue: status)
            level = value("level").flatMap(ExamLevel.init(rawValue:))
            category = value("category").flatMap(ExamCategory.init(rawValue:))
        } else {
            if let text = value("cycle") {
                if let year = Digits.integer(text), CycleInput.years.contains(year) { cycle = year } else { problems.append(TrialPeriodProblems.unsupportedCycle) }
            }
            if let text = value("status") {
                status = DeclarationStatus(rawValue: text)
                if status == nil || status == .draft { problems.append(TrialPeriodProblems.unsupportedStatus) }
            }
            if let text = value("level") {
                level = ExamLevel(rawValue: text)
                if level == nil { problems.append(TrialPeriodProblems.unsupportedLevelFilter) }
            }
            if let text = value("category") {
                category = ExamCategory(rawValue: text)
                if category == nil { problems.append(TrialPeriodProblems.unsupportedCategoryFilter) }
            }
        }
        nameContaining = Self.nameFilter.optional(value("q"), into: &problems)
        guard problems.isEmpty else { throw Problem.validation(problems) }
    }

    /// The filter as the console's links carry it (`status` always, `all` for every status).
    var consoleQuery: QueryString {
        QueryString([("status", status?.rawValue ?? "all")])
            .adding("level", level?.rawValue).adding("category", category?.rawValue).adding("q", nameContaining)
    }
}
