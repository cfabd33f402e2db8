import Contracts
import Foundation
import Hummingbird
import Web

/// `POST /admin/cycles`; `PUT /admin/cycles/{year}` takes the same without `year`.
struct CycleRequest: Decodable, Sendable {
    let year: Int?
    let opensAt: Date
    let closesAt: Date
    let reviewDeadline: Date
    let trialCompletionDeadline: String
    let noticeText: String
    let requiredTrialMonths: Int?

    func validated(year: Int) throws -> CycleInput {
        switch CycleInput.validate(
            year: year, opensAt: opensAt, closesAt: closesAt, reviewDeadline: reviewDeadline,
            trialCompletionDeadline: trialCompletionDeadline, noticeText: noticeText, requiredTrialMonths: requiredTrialMonths
        ) {
        case .success(let input): return input
        case .failure(let problem): throw problem
        }
    }
}

struct CycleResponse: ResponseEncodable, Sendable {
    let year: Int
    let opensAt: Date
    let closesAt: Date
    let reviewDeadline: Date
    let trialCompletionDeadline: CalendarDate
    let noticeText: String
    let requiredTrialMonths: Int

    init(_ cycle: Cycle) {
        year = cycle.year
        opensAt = cycle.opensAt
        closesAt = cycle.closesAt
        reviewDeadline = cycle.reviewDeadline
        trialCompletionDeadline = cycle.trialCompletionDeadline
        noticeText = cycle.noticeText
        requiredTrialMonths = cycle.requiredTrialMonths
    }
}

struct CycleListResponse: ResponseEncodable, Sendable {
    let items: [CycleResponse]
}
