import Console
import Contracts
import CoreMetrics
import Logging
import Postgres
import Web

/// Entry point of the Identity module: accounts, logins, sessions, roles, profile, addresses and
/// real-name verification. Owns the `identity` schema; other modules reach it only
/// through the protocols it offers in Contracts (`Authenticator`).
public struct IdentityModule: Sendable {
    let sessions: SessionStore
    let authRoutes: AuthRoutes
    let meRoutes: MeRoutes
    let addressRoutes: AddressRoutes
    let verificationRoutes: VerificationRoutes
    let consolePages: @Sendable (ConsoleRoutes) throws -> Void
    let mobilePages: @Sendable (MobileRoutes) throws -> Void
    public let roles: RoleAdministration
    /// Signs the console's pre-sign-in cookie (handed to `ConsoleRoutes`).
    public let consoleKey: any ConsoleKeySource
    /// What other modules may know of verified candidates.
    public let directory: any IdentityDirectory
    /// Who administers a unit now, for the modules that write to its administrators (issue 27).
    public let unitAdministrators: any UnitAdministratorDirectory = UnitAdministratorRoster()

    public init(
        database: Database, clock: any WallClock, wechat: any WeChatLoginClient, sms: any SMSGateway,
        verifier: any IDVerifier, attachments: any AttachmentStore, uploader: any AttachmentUploader, employment: any EmploymentDirectory,
        examRecords: any ExamRecordDirectory, notifier: any Notifier, unreadMessages: any UnreadMessages,
        otherPreloads: [CallerPreload] = [], settings: IdentitySettings = IdentitySettings(),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
    ) {
        // What /me shows comes with the authenticating statement, and so does what other modules ask
        // for (`otherPreloads`), so the routes that need only those add no statement.
        let sessions = SessionStore(
            database: database, clock: clock, settings: settings,
            preloads: [employment.callerPreload, examRecords.callerPreload, unreadMessages.callerPreload] + otherPreloads
        )
        let codeVerifier = SMSCodeVerifier(settings: settings)
        let logins = LoginService(database: database, wechat: wechat, sessions: sessions, verifier: codeVerifier, clock: clock, metrics: metrics)
        let sender = SMSCodeSender(database: database, gateway: sms, clock: clock, settings: settings)
        let accounts = AccountReader(
            database: database, employment: employment, examRecords: examRecords, unreadMessages: unreadMessages, clock: clock
        )
        let verification = VerificationService(
            database: database, attachments: attachments, verifier: verifier, clock: clock, settings: settings
        )
        self.sessions = sessions
        let reviews = VerificationReviewService(database: database, attachments: attachments, clock: clock, notifier: notifier)
        verificationRoutes = VerificationRoutes(
            service: verification, review: reviews
        )
        directory = IdentityDirectoryService(database: database, settings: settings)
        authRoutes = AuthRoutes(
            logins: logins, sender: sender, sessions: sessions, accounts: accounts, verification: verification, settings: settings
        )
        let profiles = ProfileService(database: database)
        let addresses = AddressService(database: database, clock: clock, settings: settings)
        meRoutes = MeRoutes(
            accounts: accounts, profiles: profiles, logins: logins, verification: verification, settings: settings
        )
        addressRoutes = AddressRoutes(addresses: addresses)
        roles = RoleAdministration(database: database)
        consoleKey = ConsoleKeys(database: database)
        consolePages = { console in
            try SignInPages(logins: logins, sender: sender, sessions: sessions, employment: employment, settings: settings, layout: console.layout)
                .register(on: console)
            try VerificationReviewPages(reviews: reviews, layout: console.layout).register(on: console)
        }
        mobilePages = { mobile in
            try MobileSignInPages(logins: logins, sender: sender, sessions: sessions, settings: settings, mobile: mobile).register()
            try VerificationMobilePages(service: verification, uploader: uploader, settings: settings, mobile: mobile).register()
            try ProfileMobilePages(profiles: profiles, accounts: accounts, verification: verification, mobile: mobile).register()
            try AddressMobilePages(addresses: addresses, mobile: mobile).register()
        }
    }

    /// The console's sign-in, sign-out and home page.
    public func registerConsole(on console: ConsoleRoutes) throws {
        console.navigation.addPlatformPage("实名审核", at: IdentityPaths.reviewQueue)
        try consolePages(console)
    }

    /// The candidates' sign-in, sign-out and home page, 实名认证, 个人信息 and 我的地址 (`/m`, issue 28).
    public func registerMobile(on mobile: MobileRoutes) throws {
        try mobilePages(mobile)
    }

    /// Turns bearer tokens into callers, for `AuthenticationMiddleware`.
    public var authenticator: any Authenticator { sessions }

    public func registerRoutes(on routes: ModuleRoutes) {
        authRoutes.register(on: routes)
        meRoutes.register(on: routes)
        addressRoutes.register(on: routes)
        verificationRoutes.register(on: routes)
    }
}

extension IdentityModule: ReferenceListProvider {
    public var referenceLists: [ReferenceList] {
        [
            ReferenceList(name: "documentTypes", items: DocumentType.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) }),
            ReferenceList(name: "ethnicGroups", items: Ethnicity.labels.map { ReferenceItem(code: $0.code, label: $0.label) }),
            ReferenceList(name: "verificationMethods", items: [
                ReferenceItem(code: "auto", label: "身份证(自动核验)"), ReferenceItem(code: "manual", label: "人工审核"),
            ]),
        ]
    }
}
