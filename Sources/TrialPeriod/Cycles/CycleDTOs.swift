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
    /// Left out: a new cycle gets the defaults, an edited one keeps its table.
    let eligibility: EligibilityBody?

    func validated(year: Int) throws -> CycleInput {
        switch CycleInput.validate(
            year: year, opensAt: opensAt, closesAt: closesAt, reviewDeadline: reviewDeadline,
            trialCompletionDeadline: trialCompletionDeadline, noticeText: noticeText, requiredTrialMonths: requiredTrialMonths,
            eligibility: eligibility
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
    let eligibility: EligibilityResponse

    init(_ cycle: Cycle) {
        year = cycle.year
        opensAt = cycle.opensAt
        closesAt = cycle.closesAt
        reviewDeadline = cycle.reviewDeadline
        trialCompletionDeadline = cycle.trialCompletionDeadline
        noticeText = cycle.noticeText
        requiredTrialMonths = cycle.requiredTrialMonths
        eligibility = EligibilityResponse(cycle.eligibility)
    }
}

/// The eligibility table as an administrator sends it: codes as text, so an unknown one is a field
/// problem (422) at its path rather than a malformed body.
struct EligibilityBody: Decodable, Sendable {
    let routes: [RouteBody]
    let transitionalProvision: Bool
    let studyFormLimits: [StudyFormLimitBody]
    let unfinishedTrialAllowedFor: String

    struct RouteBody: Decodable, Sendable {
        let examLevel: String
        let route: String
        let educationLevels: [String]
        let practiceYears: Int?
        let transitional: Bool?
    }

    struct StudyFormLimitBody: Decodable, Sendable {
        let educationLevels: [String]
        let studyForms: [String]
        let examLevels: [String]
        let enrolledOnOrBefore: String
        let exemptIfAssistantQualifiedBefore: Bool?
    }
}

/// The eligibility table as the admin cycle API and `GET /api/v1/reference` show it.
struct EligibilityResponse: Encodable, Sendable {
    let routes: [RouteResponse]
    let transitionalProvision: Bool
    let studyFormLimits: [StudyFormLimitResponse]
    let unfinishedTrialAllowedFor: String

    struct RouteResponse: Encodable, Sendable {
        let examLevel: String
        let route: String
        let educationLevels: [String]
        @Nullable var practiceYears: Int?
        let transitional: Bool
    }

    struct StudyFormLimitResponse: Encodable, Sendable {
        let educationLevels: [String]
        let studyForms: [String]
        let examLevels: [String]
        let enrolledOnOrBefore: CalendarDate
        let exemptIfAssistantQualifiedBefore: Bool
    }

    init(_ table: EligibilityTable) {
        routes = table.routes.map {
            RouteResponse(
                examLevel: $0.examLevel.rawValue, route: $0.route.rawValue, educationLevels: $0.educationLevels.map(\.rawValue),
                practiceYears: $0.practiceYears, transitional: $0.transitional
            )
        }
        transitionalProvision = table.transitionalProvision
        studyFormLimits = table.studyFormLimits.map {
            StudyFormLimitResponse(
                educationLevels: $0.educationLevels.map(\.rawValue), studyForms: $0.studyForms.map(\.rawValue), examLevels: $0.examLevels.map(\.rawValue),
                enrolledOnOrBefore: $0.enrolledOnOrBefore, exemptIfAssistantQualifiedBefore: $0.exemptIfAssistantQualifiedBefore
            )
        }
        unfinishedTrialAllowedFor = table.unfinishedTrialAllowedFor.rawValue
    }
}

/// `eligibility` in `GET /api/v1/reference`: the table of the current (or most recent) cycle, with
/// the cycle's trial parameters it is read with.
struct ReferenceEligibilityResponse: Encodable, Sendable {
    let cycle: Int
    let trialCompletionDeadline: CalendarDate
    let requiredTrialMonths: Int
    let table: EligibilityResponse

    init(_ cycle: Cycle) {
        self.cycle = cycle.year
        trialCompletionDeadline = cycle.trialCompletionDeadline
        requiredTrialMonths = cycle.requiredTrialMonths
        table = EligibilityResponse(cycle.eligibility)
    }
}

struct CycleListResponse: ResponseEncodable, Sendable {
    let items: [CycleResponse]
}
