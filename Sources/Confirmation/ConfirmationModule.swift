import Console
import Contracts
import Logging
import Postgres
import Web

/// Entry point of the Confirmation module: exam information records and their confirmation (信息确认).
/// Owns the `confirmation` schema; other modules reach it only through `ExamRecordDirectory` in Contracts.
public struct ConfirmationModule: Sendable {
    let routes: ExamRecordRoutes
    let importRoutes: RecordImportRoutes
    let consolePages: @Sendable (ConsoleRoutes) throws -> Void

    public init(
        database: Database, clock: any WallClock, identities: any IdentityDirectory, employment: any EmploymentDirectory,
        trialApplications: any TrialApplications, attachments: any AttachmentStore, uploader: any AttachmentUploader,
        settings: ConfirmationSettings = ConfirmationSettings(),
        logger: Logger
    ) {
        let records = ExamRecordService(
            database: database, clock: clock, identities: identities, employment: employment, trials: trialApplications, attachments: attachments
        )
        let lists = RecordListService(database: database, identities: identities, employment: employment)
        routes = ExamRecordRoutes(records: records, candidates: CandidateRecordService(records: records, disputesPerDay: settings.disputesPerDay), lists: lists)
        let imports = RecordImportService(records: records, settings: settings, logger: logger)
        importRoutes = RecordImportRoutes(imports: imports)
        consolePages = { console in
            try RecordPages(records: records, lists: lists, imports: imports, uploader: uploader, layout: console.layout).register(on: console)
            console.dashboard.add(try RecordDashboardPanel(lists: lists, clock: clock))
        }
    }

    public func registerRoutes(on routes: ModuleRoutes) {
        self.routes.register(on: routes)
        importRoutes.register(on: routes)
    }

    /// 信息确认 in the console, and this year's exam information on a unit's home page.
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

/// `ExamRecordDirectory`: where a candidate's record stands. It needs only the database, so the
/// executable builds it before the modules that show it (Identity's `GET /me`).
public struct ExamRecordDirectoryService: ExamRecordDirectory {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func recordStatus(of account: AccountID, year: Int) async throws -> ExamRecordStatus {
        try await database.withConnection { try await ExamRecordStore.find(account: account, year: year, on: $0) }?.status ?? .notEntered
    }

    public var callerPreload: CallerPreload { ExamRecordStore.callerPreload }

    public func recordStatus(of caller: Caller, year: Int) async throws -> ExamRecordStatus {
        if let preloaded = caller.preloaded, let status = try ExamRecordStore.preloadedStatus(in: preloaded, year: year) {
            return status
        }
        return try await recordStatus(of: caller.accountID, year: year)
    }
}
