import Console
import Web

/// Every route of the Confirmation module, API and console: registered from these values and every
/// link and `Location` built from them.
enum ConfirmationPaths {
    // MARK: API, a unit's administrators (`routes.unitAdmin("")`)

    /// `GET`: the unit's candidates for a year with their record's status.
    static let records = RoutePath.api("/units/:institutionId/exam-records")
    /// `GET`, `PUT`: one candidate's record.
    static let record = records.appending("/:year/:accountId")
    static let prefill = record.appending("/prefill")
    static let versions = record.appending("/versions")
    static let version = versions.appending("/:version")
    /// `POST` a `text/csv` body.
    static let importCSV = records.appending("/:year/import")
    static let importTemplate = importCSV.appending("/template.csv")

    // MARK: API, the candidate (`routes.authenticated`)

    static let mine = RoutePath.api("/exam-records/:year/me")
    static let confirm = mine.appending("/confirm")
    static let disputes = mine.appending("/disputes")
    static let attachments = mine.appending("/attachments")

    // MARK: Console, a unit's administrators (`console.unit("")`)

    /// 信息确认: the list, filtered by `year`, `status`, `q`.
    static let consoleList = records.mounted(at: RoutePath.console("").mount)
    static let consoleExport = consoleList.appending("/export")
    static let consoleImport = consoleList.appending("/import")
    static let consoleImportTemplate = consoleImport.appending("/template.csv")
    /// One candidate's record and its entry form (`GET`, `POST`).
    static let consoleRecord = consoleList.appending("/:year/:accountId")
    static let consoleVersion = consoleRecord.appending("/versions/:version")

    // MARK: The candidate's pages (`mobile.signedIn`, issue 28)

    /// 信息确认: the candidate's records by year (the shared path the home and the inbox link to).
    static let mobileRecords = MobilePaths.records
    /// One year's record: every section, 确认, 有误, the history, the photo slots.
    static let mobileRecord = MobilePaths.record
    /// `POST`: confirm the version the form names.
    static let mobileConfirm = mobileRecord.appending("/confirm")
    /// `POST`: 有误, with a message (a dispute).
    static let mobileDispute = mobileRecord.appending("/dispute")
    /// `POST` (multipart): a photo into one of the record's certificate slots.
    static let mobilePhoto = mobileRecord.appending("/photos")
    /// The candidate's own files, served by Attachments.
    static let mobileAttachment = MobilePaths.attachment

    // MARK: Other modules' pages

    /// A stored attachment (owned by Attachments): `ConsolePaths.attachment`.
    static let attachment = ConsolePaths.attachment
}
