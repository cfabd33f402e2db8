import Blocking
import Console
import Contracts
import CoreMetrics
import Logging
import Postgres
import Web

/// Entry point of the Attachments module: content-addressed file storage, uploads and downloads. Owns
/// the `attachments` schema and the folder at ATTACHMENTS_DIR; other modules use it through
/// `AttachmentStore` in Contracts.
public struct AttachmentsModule: Sendable {
    let routes: AttachmentRoutes
    /// What other modules know of attachments (`AttachmentStore`).
    public let store: AttachmentsDirectory
    public let maintenance: AttachmentMaintenance
    /// Whole files other modules received (console forms).
    public let uploader: any AttachmentUploader

    /// `blobs` is the folder the files are in, ready (`openStorage`).
    public init(
        database: Database, clock: any WallClock, blobs: BlobStore,
        settings: AttachmentSettings = AttachmentSettings(), metrics: any MetricsFactory = NOOPMetricsHandler.instance, logger: Logger
    ) {
        let uploads = UploadService(database: database, blobs: blobs, clock: clock, settings: settings, metrics: metrics, logger: logger)
        routes = AttachmentRoutes(uploads: uploads, attachments: AttachmentService(database: database), blobs: blobs, logger: logger)
        uploader = WholeFileUploader(uploads: uploads)
        store = AttachmentsDirectory(database: database, blobs: blobs)
        maintenance = AttachmentMaintenance(database: database, blobs: blobs, settings: settings, logger: logger)
    }

    /// The store at ATTACHMENTS_DIR (`directory`), its folders created and the partial uploads an
    /// earlier crash left removed; throws when the folder cannot be used.
    public static func openStorage(directory: String, io: BlockingExecutor, writer: BlobFileWriter = .live, logger: Logger) throws -> BlobStore {
        let blobs = BlobStore(root: directory, io: io, writer: writer)
        try blobs.prepare()
        let stale = blobs.removeStaleTemporaries()
        if !stale.isEmpty {
            logger.notice("removed partial uploads left by an earlier crash", metadata: ["count": "\(stale.count)"])
        }
        return blobs
    }

    public func registerRoutes(on routes: ModuleRoutes) {
        self.routes.register(on: routes)
    }

    /// `/console/attachments/{id}`: the files a console page shows.
    public func registerConsole(on console: ConsoleRoutes) {
        AttachmentPages(routes: routes).register(on: console)
    }

    /// `/m/attachments/{id}`: the candidate's own files on their pages (issue 28).
    public func registerMobile(on mobile: MobileRoutes) {
        AttachmentPages(routes: routes).register(on: mobile)
    }
}

extension AttachmentsModule: ReferenceListProvider {
    public var referenceLists: [ReferenceList] {
        [ReferenceList(name: "attachmentPurposes", items: AttachmentPurpose.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) })]
    }
}
