import Console
import Contracts
import CoreMetrics
import Logging
import Postgres
import Web

/// Entry point of the TrialPeriod module: exam cycles, trial-period declarations (试用期申报) and the
/// declaring unit's review. Owns the `trial` schema; other modules reach it only through
/// `TrialApplications` in Contracts.
public struct TrialPeriodModule: Sendable {
    let cycleRoutes: CycleRoutes
    let declarationRoutes: DeclarationRoutes
    let reviewRoutes: ReviewRoutes
    let reviewPages: @Sendable (ConsoleRoutes) throws -> Void
    let mobilePages: @Sendable (MobileRoutes) throws -> Void
    /// Exam cycles (the `cycles open` command).
    public let cycles: CycleService
    /// Approved declarations, for Confirmation.
    public let applications: any TrialApplications
    /// The deadline reminders, which the server's `ReminderJob` runs periodically (issue 27).
    public let reminders: ReminderService

    public init(
        database: Database, clock: any WallClock, identities: any IdentityDirectory, employment: any EmploymentDirectory,
        attachments: any AttachmentStore, notifier: any Notifier, unitAdministrators: any UnitAdministratorDirectory,
        uploader: (any AttachmentUploader)? = nil, settings: TrialPeriodSettings = TrialPeriodSettings(),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
    ) {
        let transitions = TransitionMetrics(factory: metrics)
        cycles = CycleService(database: database, clock: clock)
        cycleRoutes = CycleRoutes(cycles: cycles)
        let declarations = DeclarationService(
            database: database, clock: clock, identities: identities, employment: employment, attachments: attachments, settings: settings,
            transitions: transitions, notifier: notifier, unitAdministrators: unitAdministrators
        )
        declarationRoutes = DeclarationRoutes(declarations: declarations)
        let reviews = ReviewService(
            database: database, clock: clock, identities: identities, employment: employment, attachments: attachments, notifier: notifier,
            transitions: transitions
        )
        reviewRoutes = ReviewRoutes(reviews: reviews)
        let cycleService = cycles
        mobilePages = { mobile in
            try DeclarationMobilePages(
                declarations: declarations, cycles: cycleService, identities: identities, employment: employment, uploader: uploader,
                settings: settings, mobile: mobile
            ).register()
        }
        reviewPages = { console in
            try ReviewPages(reviews: reviews, layout: console.layout).register(on: console)
            try CyclePages(cycles: cycleService, layout: console.layout).register(on: console)
            console.dashboard.add(try ReviewDashboardPanel(reviews: reviews, cycles: cycleService))
        }
        applications = ApprovedDeclarations(database: database)
        reminders = ReminderService(
            database: database, clock: clock, notifier: notifier, unitAdministrators: unitAdministrators, settings: settings, logger: logger,
            batchSize: 500
        )
    }

    public func registerRoutes(on routes: ModuleRoutes) {
        cycleRoutes.register(on: routes)
        declarationRoutes.register(on: routes)
        reviewRoutes.register(on: routes)
    }

    /// The candidates' pages of this module under `/m` (issue 28).
    public func registerMobile(on mobile: MobileRoutes) throws {
        try mobilePages(mobile)
    }

    /// 试用期审核 in the console.
    public func registerConsole(on console: ConsoleRoutes) throws {
        console.navigation.addPlatformPage("考试周期", at: CyclePaths.console)
        try reviewPages(console)
    }
}

extension TrialPeriodModule: ReferenceListProvider {
    public var referenceLists: [ReferenceList] {
        [
            ReferenceList(name: "examLevels", items: ExamLevel.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(name: "examCategories", items: ExamCategory.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(name: "tcmSubtypes", items: TCMSubtype.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(name: "educationLevels", items: EducationLevel.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(name: "studyForms", items: StudyForm.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(name: "trialApplicationStatuses", items: DeclarationStatus.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(
                name: "trialApplicationAttachmentPurposes", items: DeclarationAttachmentPurpose.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }
            ),
            ReferenceList(name: "examRoutes", items: ExamRoute.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(
                name: "unfinishedTrialAllowances", items: UnfinishedTrialAllowance.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }
            ),
        ]
    }
}

extension TrialPeriodModule: ReferenceDataProvider {
    /// `eligibility`: the table of the current (else the most recent) cycle, so the mini-program can
    /// explain who may declare what before the candidate types anything; null before any cycle exists.
    public func referenceData() async throws -> [String: (any Encodable & Sendable)?] {
        ["eligibility": try await cycles.referenceCycle().map(ReferenceEligibilityResponse.init)]
    }
}
