import Console
import Contracts
import Foundation
import Web

/// The unit's home page: this year's exam information (信息确认) by status, open disputes included.
struct RecordDashboardPanel: UnitDashboardPanel {
    let lists: RecordListService
    let clock: any WallClock
    let templates: ConsoleTemplates

    init(lists: RecordListService, clock: any WallClock) throws {
        self.lists = lists
        self.clock = clock
        templates = try ConsoleTemplates(["panel": Self.template])
    }

    struct Count {
        let label: String
        let count: Int
        let href: String
    }

    func panel(for unit: InstitutionID, context: AppRequestContext) async throws -> String {
        // The exam year the candidates' /me shows: the current year in China.
        let year = CalendarDate(inChina: clock.now()).year
        let counts = try await lists.list(unit, RecordListService.Filter(year: year), limit: 1, after: nil).counts
        let object: [String: Any] = [
            "list": RecordPages.base(unit) + "?year=\(year)", "year": year,
            "counts": ExamRecordStatus.allCases.map {
                Count(label: $0.label, count: counts[$0] ?? 0, href: RecordPages.base(unit) + "?year=\(year)&status=" + $0.rawValue)
            },
        ]
        return templates.render("panel", object)
    }

    static let template = """
        <section class="panel" id="record-panel">
          <h2>信息确认 <span class="muted">{{year}} 年</span></h2>
          <ul class="counts">{{#counts}}<li><a href="{{href}}">{{label}}</a><br><strong>{{count}}</strong></li>{{/counts}}</ul>
          <p><a href="{{list}}">进入信息确认</a></p>
        </section>
        """
}
