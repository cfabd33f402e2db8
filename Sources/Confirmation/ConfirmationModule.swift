import Console
import Contracts
import CoreMetrics
import Logging
import Postgres
import Web

/// Entry point of the Confirmation module: exam information records and their confirmation (信息确认).
/// Owns the `confirmation` schema; other modules reach it only through `ExamRecordDirectory` in Contracts.
public struct ConfirmationModule: Sendable {
    let routes: ExamRecordRoutes
    let importRoutes: RecordImportRoutes
    let consolePages: @Sendable (ConsoleRoutes) throws -> Void
    let mobilePages: @Sendable (MobileRoutes) throws -> Void

    public init(
        database: Database, clock: any WallClock, identities: any IdentityDirectory, employment: any EmploymentDirectory,
        trialApplications: any TrialApplications, examYears: any ExamYears, attachments: any AttachmentStore, uploader: any AttachmentUploader,
        notifier: any Notifier, unitAdministrators: any UnitAdministratorDirectory, settings: ConfirmationSettings = ConfirmationSettings(),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
    ) {
        let records = ExamRecordService(
            database: database, clock: clock, identities: identities, employment: employment, trials: trialApplications, attachments: attachments,
            examYears: examYears, notifier: notifier, unitAdministrators: unitAdministrators
        )
        let lists = RecordListService(database: database, identities: identities, employment: employment)
        let candidates = CandidateRecordService(records: records, disputesPerDay: settings.disputesPerDay)
        routes = ExamRecordRoutes(records: records, candidates: candidates, lists: lists)
        let imports = RecordImportService(records: records, settings: settings, logger: logger)
        importRoutes = RecordImportRoutes(imports: imports)
        consolePages = { console in
            try RecordPages(records: records, lists: lists, imports: imports, uploader: uploader, layout: console.layout).register(on: console)
        }
        mobilePages = { mobile in
            try RecordMobilePages(candidates: candidates, uploader: uploader, mobile: mobile).register()
        }
    }

    public func registerRoutes(on routes: ModuleRoutes) {
        self.routes.register(on: routes)
        importRoutes.register(on: routes)
    }

    /// 信息确认 in the console, and the exam year's information on a unit's home page.
    /// The candidates' pages of this module under `/m` (issue 28): 信息确认.
    public func registerMobile(on mobile: MobileRoutes) throws {
        try mobilePages(mobile)
    }

    public func registerConsole(on console: ConsoleRoutes) throws {
        try consolePages(console)
    }
}

extension ConfirmationModule: ReferenceListProvider {
    public var referenceLists: [ReferenceList] {
        [
            ReferenceList(name: "majorTypes", items: MajorType.referenceItems),
            ReferenceList(name: "titleSeries", items: TitleSeries.referenceItems),
            ReferenceList(name: "titleLevels", items: TitleLevel.referenceItems),
            ReferenceList(name: "titleObtainedBy", items: TitleObtainedBy.referenceItems),
            ReferenceList(name: "titleRoutes", items: TitleRoute.referenceItems),
            ReferenceList(name: "examRecordStatuses", items: ExamRecordStatus.referenceItems),
        ]
    }
}
