import Console
import Contracts
import Foundation
import Web

/// One unit as the candidate's pages show it.
struct MobileUnitRow: Sendable {
    let name: String
    let details: String
    let period: String?
    let href: String?

    init(_ summary: InstitutionSummary, period: String? = nil) {
        name = summary.name
        details = [summary.region.label, summary.category.label, summary.superiorUnit.map { "主管单位：\($0)" }].compactMap { $0 }.joined(separator: " · ")
        self.period = period
        href = nil
    }

    init(_ institution: Institution) {
        name = institution.name
        details = [institution.region.label, institution.category.label, institution.superiorUnit.map { "主管单位：\($0)" }].compactMap { $0 }.joined(separator: " · ")
        period = nil
        href = InstitutionsPaths.mobileBind.link(institution.id)
    }

    static func period(_ employment: Employment) -> String {
        let since = CalendarDate(inChina: employment.since).description
        guard let until = employment.until else { return "\(since) 起" }
        return "\(since) 至 \(CalendarDate(inChina: until))"
    }
}

/// 工作单位: the bound unit (or the way to bind one), the history, and what the last action did.
struct EmploymentOverviewModel: Sendable {
    let current: MobileUnitRow?
    let history: [MobileUnitRow]
    let hasHistory: Bool
    let verified: Bool
    let notice: String?
    let error: String?
    let csrf: String
    let searchHref = InstitutionsPaths.mobileSearch.link()
    let registerHref = InstitutionsPaths.mobileRegister.link()
    let verificationHref = InstitutionsPaths.mobileVerification.link()
    let unbindAction = InstitutionsPaths.mobileUnbind.link()

    init(current: Employment?, history: [Employment], verified: Bool, notice: String?, error: String?, csrf: String) {
        self.current = current.map { MobileUnitRow($0.institution, period: MobileUnitRow.period($0)) }
        self.history = history.filter { $0.until != nil }.map { MobileUnitRow($0.institution, period: MobileUnitRow.period($0)) }
        hasHistory = !self.history.isEmpty
        self.verified = verified
        self.notice = notice
        self.error = error
        self.csrf = csrf
    }

    /// What the page says after a binding or unbinding (`?done=`); nothing for anything else.
    static func notice(for done: String?) -> String? {
        switch done {
        case "bound": "工作单位绑定成功。"
        case "unbound": "已解除工作单位绑定。"
        default: nil
        }
    }
}

/// 选择工作单位: the name fragment, its problem, and one page of matching units.
struct EmploymentSearchModel: Sendable {
    static let pageSize = 20

    let q: String
    var qError: String?
    var searched = false
    var results: [MobileUnitRow] = []
    var isEmpty = false
    var next: String?
    let action = InstitutionsPaths.mobileSearch.link()
    let registerHref = InstitutionsPaths.mobileRegister.link()

    init(q: String) {
        self.q = q
    }

    mutating func show(_ page: SearchCache.Page) {
        searched = true
        results = page.items.map(MobileUnitRow.init)
        isEmpty = results.isEmpty
        next = page.next.map { InstitutionsPaths.mobileSearch.link(query: QueryString().adding("q", q).adding("cursor", $0.encoded)) }
    }
}

/// The unit picked and the 单位确认码 form.
struct EmploymentBindModel: Sendable {
    /// What was typed and why it was refused.
    struct Form: Sendable {
        var code = ""
        var codeError: String?
        var error: String?
        var needsVerification = false

        init() {}

        init(code: String, refusal: Problem) {
            self.code = code
            needsVerification = refusal.code == Problem.verificationRequired.code
            if let field = refusal.errors.first(where: { $0.field == "confirmationCode" }) {
                var message = field.message
                if case .int(let left)? = refusal.extensions["attemptsLeft"] { message += "，还可尝试 \(left) 次" }
                codeError = message
            } else {
                error = refusal.consoleMessage
            }
        }
    }

    let title: String
    let unit: MobileUnitRow
    /// The unit bound now, when this is 更新工作单位.
    let current: String?
    let form: Form
    let action: String
    let csrf: String
    let verificationHref = InstitutionsPaths.mobileVerification.link()

    init(institution: Institution, current: Employment?, form: Form, csrf: String) {
        let changing = current != nil && current?.institution.id != institution.id
        title = changing ? "更新工作单位" : "绑定工作单位"
        unit = MobileUnitRow(institution)
        self.current = changing ? current?.institution.name : nil
        self.form = form
        action = InstitutionsPaths.mobileBind.link(institution.id)
        self.csrf = csrf
    }
}
