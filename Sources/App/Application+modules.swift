import Attachments
import Confirmation
import Contracts
import CoreMetrics
import Identity
import Institutions
import Logging
import Notifications
import Postgres
import TrialPeriod

/// The feature modules, constructed once: `buildRoutes` registers their routes and the commands use
/// their services, so the server and the commands share one wiring (and one place for each module's
/// constructor call).
public struct Modules: Sendable {
    public let identity: IdentityModule
    public let attachments: AttachmentsModule
    public let institutions: InstitutionsModule
    public let trial: TrialPeriodModule
    public let confirmation: ConfirmationModule
    public let notifications: NotificationsModule
    /// Each account's unread count (`GET /me`, the console's header).
    public let unreadMessages: any UnreadMessages
    /// What `health-talent prune` runs.
    public let housekeeping: [any Housekeeping]
    /// The pool every module was given.
    public let database: Database

    /// In the order they register: the order of the platform menu and of the reference lists.
    var all: [any ReferenceListProvider] { [identity, attachments, institutions, trial, confirmation] }
    /// What `GET /reference` reads on each request (the current cycle's eligibility table).
    var referenceData: [any ReferenceDataProvider] { [trial] }
}

/// Builds every feature module from the configuration. Commands pass no metrics (nothing scrapes them).
public func buildModules(
    configuration: AppConfiguration, database: Database, dependencies: Dependencies,
    metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
) throws -> Modules {
    let blobs = try AttachmentsModule.openStorage(
        directory: configuration.attachmentsDirectory, io: dependencies.fileIO, writer: dependencies.blobWriter, logger: logger
    )
    let attachments = AttachmentsModule(
        database: database, clock: dependencies.clock, blobs: blobs, settings: configuration.attachments, metrics: metrics, logger: logger
    )
    // Employment is read by Identity (for /me) and written by Institutions; the directory needs only
    // the database, so it exists before either module. So does Confirmation's `ExamRecordDirectory`.
    let employment = EmploymentDirectoryService(database: database)
    // The exam year (TrialPeriod's cycles) is shown by /me and defaults Confirmation's lists.
    let examYears = ExamYearDirectory(database: database, clock: dependencies.clock, settings: configuration.trial)
    // The inbox: the other modules write to it on their own transactions through `Notifier`; its unread
    // count rides in Identity's authenticating statement (`GET /me`, the console's header).
    // Delivery beyond the inbox (docs/adr/0024) reaches the accounts' openids and phones through Identity's
    // `NotificationContacts`, which needs only the database.
    let notifications = NotificationsModule(
        database: database, clock: dependencies.clock, settings: configuration.notifications,
        contacts: NotificationContactsService(database: database), messenger: dependencies.wechatMessenger,
        sms: dependencies.notificationSMS, metrics: metrics, logger: logger
    )
    let unreadMessages = UnreadMessageDirectory(database: database)
    let identity = IdentityModule(
        database: database, clock: dependencies.clock, wechat: dependencies.wechat, sms: dependencies.sms,
        verifier: dependencies.idVerifier, attachments: attachments.store, uploader: attachments.uploader, employment: employment,
        examRecords: ExamRecordDirectoryService(database: database, examYears: examYears), notifier: notifications.notifier,
        unreadMessages: unreadMessages, otherPreloads: InstitutionsModule.callerPreloads,
        settings: configuration.identity,
        metrics: metrics, logger: logger
    )
    let institutions = InstitutionsModule(
        database: database, clock: dependencies.clock, identities: identity.directory, attachments: attachments.store,
        administrators: identity.roles, notifier: notifications.notifier, uploader: attachments.uploader, settings: configuration.institutions,
        metrics: metrics, logger: logger
    )
    let trial = TrialPeriodModule(
        database: database, clock: dependencies.clock, identities: identity.directory, employment: employment,
        attachments: attachments.store, notifier: notifications.notifier, unitAdministrators: identity.unitAdministrators,
        uploader: attachments.uploader, settings: configuration.trial, metrics: metrics, logger: logger
    )
    let confirmation = ConfirmationModule(
        database: database, clock: dependencies.clock, identities: identity.directory, employment: employment,
        trialApplications: trial.applications, examYears: examYears, attachments: attachments.store, uploader: attachments.uploader,
        notifier: notifications.notifier, unitAdministrators: identity.unitAdministrators, settings: configuration.confirmation,
        metrics: metrics, logger: logger
    )
    let housekeeping: [any Housekeeping] = [
        IdentityHousekeeping(database: database, settings: configuration.identity),
        InstitutionsHousekeeping(database: database, settings: configuration.institutions),
        NotificationsHousekeeping(database: database, settings: configuration.notifications),
    ]
    return Modules(
        identity: identity, attachments: attachments, institutions: institutions, trial: trial, confirmation: confirmation, notifications: notifications,
        unreadMessages: unreadMessages, housekeeping: housekeeping,
        database: database
    )
}
