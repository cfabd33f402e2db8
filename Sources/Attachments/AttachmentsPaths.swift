import Console
import Web

/// Every route path of the Attachments module, used to register its routes and to build its links.
enum AttachmentsPaths {
    /// `POST /api/v1/attachments?purpose=`: an upload (raw body).
    static let uploads = RoutePath.api("/attachments")
    /// `GET /api/v1/attachments/{id}`: the file, as a download; the `Location` of a new upload.
    static let attachment = RoutePath.api("/attachments/:id")
    /// The same file shown inline in the console (Console owns the path: every module's pages link to it).
    static let consoleAttachment = ConsolePaths.attachment
    static let mobileAttachment = MobilePaths.attachment
}
