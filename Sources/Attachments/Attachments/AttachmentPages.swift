import Console
import Contracts
import Hummingbird
import Web

/// `/console/attachments/{id}`: the console shows the same files to the same readers as the API, inline
/// (images in the page, PDFs in a tab); the console's session cookie stands for the bearer token.
struct AttachmentPages: Sendable {
    let routes: AttachmentRoutes

    func register(on console: ConsoleRoutes) {
        console.signedIn.get(AttachmentsPaths.consoleAttachment.route) { request, context in
            try await routes.download(AttachmentID(try context.uuidParameter("attachmentId")), request: request, context: context, disposition: "inline")
        }
    }
}
