import Console
import Contracts
import Foundation
import Web

/// The unit's home page: this cycle's deadlines and its declarations by status, each a link to the list.
struct ReviewDashboardPanel: UnitDashboardPanel {
    let reviews: ReviewService
    let cycles: CycleService
    let templates: ConsoleTemplates

    init(reviews: ReviewService, cycles: CycleService) throws {
        self.reviews = reviews
        self.cycles = cycles
        templates = try ConsoleTemplates(["panel": Self.template])
    }

    struct Count {
        let label: String
        let count: Int
        let href: String
    }

    func panel(for unit: InstitutionID, context: AppRequestContext) async throws -> String {
        let base = "/console/units/\(unit.rawValue.uuidString.lowercased())/trial-applications"
        var object: [String: Any] = ["list": base]
        var filter = DeclarationStore.UnitFilter()
        if let cycle = try? await cycles.current() {
            filter.cycle = cycle.year
            object["cycle"] = [
                "year": cycle.year, "opens": ConsoleFormat.minute(cycle.opensAt), "closes": ConsoleFormat.minute(cycle.closesAt),
                "review": ConsoleFormat.minute(cycle.reviewDeadline), "trialEnd": cycle.trialCompletionDeadline.description,
            ] as [String: Any]
        }
        let counts = try await reviews.list(unit, filter, page: PageRequest(limit: 1)).1
        object["counts"] = ApplicationStatus.allCases.filter { $0 != .draft }.map { status in
            Count(label: status.label, count: counts[status] ?? 0, href: base + "?status=" + status.rawValue + (filter.cycle.map { "&cycle=\($0)" } ?? ""))
        }
        return templates.render("panel", object)
    }

    static let template = """
        <section class="panel" id="trial-panel">
          <h2>试用期申报</h2>
          {{#cycle}}
          <p>{{year}} 年申报：{{opens}} 至 {{closes}}；单位审核截止 {{review}}；试用期须于 {{trialEnd}} 前满。</p>
          {{/cycle}}
          {{^cycle}}<p class="muted">当前没有开放的申报周期。</p>{{/cycle}}
          <ul class="counts">{{#counts}}<li><a href="{{href}}">{{label}}</a><br><strong>{{count}}</strong></li>{{/counts}}</ul>
          <p><a href="{{list}}">进入试用期审核</a></p>
        </section>
        """
}
