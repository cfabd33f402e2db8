import Console
import Contracts
import CoreMetrics
import Logging
import Postgres
import Web

/// Entry point of the Institutions module: the registry and its search, registrations, confirmation
/// codes, candidates' employment, unit administration. Owns the `institutions` schema; other modules
/// reach it only through `EmploymentDirectory` in Contracts.
public struct InstitutionsModule: Sendable {
    let institutionRoutes: InstitutionRoutes
    let employmentRoutes: EmploymentRoutes
    let registrationRoutes: RegistrationRoutes
    let registrations: RegistrationService
    let institutions: InstitutionService
    let units: UnitService
    /// Where candidates work, for other modules.
    public let employment: any EmploymentDirectory
    /// Imports (the `institutions import` command).
    public let importer: InstitutionImporter
    let mobilePages: @Sendable (MobileRoutes) throws -> Void

    public init(
        database: Database, clock: any WallClock, identities: any IdentityDirectory, attachments: any AttachmentStore,
        administrators: any UnitAdministrators, notifier: any Notifier, uploader: (any AttachmentUploader)? = nil,
        settings: InstitutionsSettings = InstitutionsSettings(),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
    ) {
        let registrations = RegistrationService(
            database: database, identities: identities, attachments: attachments, administrators: administrators, clock: clock, notifier: notifier
        )
        self.registrations = registrations
        let institutions = InstitutionService(
            database: database, clock: clock, cache: SearchCache(capacity: settings.searchCacheEntries, metrics: metrics)
        )
        let units = UnitService(
            database: database, identities: identities, administrators: administrators, institutions: institutions, attachments: attachments, clock: clock,
            notifier: notifier
        )
        institutionRoutes = InstitutionRoutes(institutions: institutions, units: units)
        let employmentService = EmploymentService(database: database, identities: identities, attachments: attachments, clock: clock, settings: settings)
        employmentRoutes = EmploymentRoutes(employment: employmentService)
        registrationRoutes = RegistrationRoutes(registrations: registrations)
        self.institutions = institutions
        self.units = units
        let directory = EmploymentDirectoryService(database: database)
        employment = directory
        importer = InstitutionImporter(database: database, clock: clock, logger: logger)
        mobilePages = { mobile in
            try EmploymentMobilePages(employment: employmentService, institutions: institutions, identities: identities, mobile: mobile)
                .register(directory: directory)
            // Without an uploader (a test building the module alone) there is no registration page.
            if let uploader { try RegistrationMobilePages(registrations: registrations, uploader: uploader, mobile: mobile).register() }
        }
    }

    /// Institutions' share of the authenticating statement, besides the employment the directory
    /// preloads: the registry's version, which lets search answer from its cache (docs/adr/0014).
    public static let callerPreloads: [CallerPreload] = [InstitutionStore.registryPreload]

    public func registerRoutes(on routes: ModuleRoutes) {
        institutionRoutes.register(on: routes)
        employmentRoutes.register(on: routes)
        registrationRoutes.register(on: routes)
    }

    /// 机构注册审核 and the units' own pages (home, 单位信息) in the console.
    /// 工作单位 and 机构注册 on the candidates' pages under `/m` (issue 28).
    public func registerMobile(on mobile: MobileRoutes) throws {
        try mobilePages(mobile)
    }

    public func registerConsole(on console: ConsoleRoutes) throws {
        console.navigation.addPlatformPage("机构注册", at: InstitutionsPaths.consoleRegistrations)
        console.navigation.addPlatformPage("机构管理", at: InstitutionsPaths.consoleInstitutions)
        try RegistrationPages(registrations: registrations, layout: console.layout).register(on: console)
        try UnitPages(institutions: institutions, units: units, console: console).register(on: console)
        try InstitutionAdminPages(institutions: institutions, units: units, importer: importer, layout: console.layout).register(on: console)
    }
}

extension InstitutionsModule: ReferenceListProvider {
    public var referenceLists: [ReferenceList] {
        [
            ReferenceList(name: "institutionCategories", items: InstitutionCategory.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(name: "regions", items: HubeiRegion.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
        ]
    }
}
