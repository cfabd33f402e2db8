import Console
import Contracts
import Foundation
import Web

/// The unit's home page: the cycle under review (open, or closed to candidates but not yet past its
/// review deadline), its deadlines and its declarations by status, each a link to the list.
struct ReviewDashboardPanel: UnitDashboardPanel {
    let reviews: ReviewService
    let cycles: CycleService
    let templates: ConsoleTemplates

    init(reviews: ReviewService, cycles: CycleService) throws {
        self.reviews = reviews
        self.cycles = cycles
        templates = try ConsoleTemplates(["panel": Self.template])
    }

    func panel(for unit: InstitutionID, context: AppRequestContext) async throws -> String {
        var filter = ReviewFilter()
        let cycle = try await cycles.underReview()
        filter.cycle = cycle?.year
        let counts = try await reviews.list(unit, filter, page: PageRequest(limit: 1)).1
        return templates.render("panel", ReviewPanelModel(unit: unit, cycle: cycle, now: cycles.clock.now(), counts: counts))
    }
}
