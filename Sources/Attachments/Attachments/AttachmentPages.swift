import Console
import Contracts
import Hummingbird
import Web

/// `/console/attachments/{id}` and `/m/attachments/{id}`: the console and the candidates' pages show the
/// same files to the same readers as the API, inline (images in the page, PDFs in a tab); the session
/// cookie stands for the bearer token.
struct AttachmentPages: Sendable {
    let routes: AttachmentRoutes

    func register(on console: ConsoleRoutes) {
        console.signedIn.get(AttachmentsPaths.consoleAttachment.route) { request, context in
            try await routes.download(AttachmentID(try context.uuidParameter("attachmentId")), request: request, context: context, disposition: "inline")
        }
    }

    func register(on mobile: MobileRoutes) {
        mobile.signedIn.get(AttachmentsPaths.mobileAttachment.route) { request, context in
            try await routes.download(AttachmentID(try context.uuidParameter("attachmentId")), request: request, context: context, disposition: "inline")
        }
    }
}
