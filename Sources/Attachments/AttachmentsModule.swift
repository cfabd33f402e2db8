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
    public let store: AttachmentCatalog
    public let maintenance: AttachmentMaintenance
    /// Whole files other modules received (console forms).
    public let uploader: any AttachmentUploader

    /// Creates the storage folders; throws when ATTACHMENTS_DIR cannot be used.
    public init(
        database: Database, directory: String, io: BlockingExecutor, clock: any WallClock,
        settings: AttachmentSettings = AttachmentSettings(), metrics: any MetricsFactory = NOOPMetricsHandler.instance,
        writer: BlobFileWriter = .live, logger: Logger
    ) throws {
        let blobs = BlobStore(root: directory, io: io, writer: writer)
        try blobs.prepare()
        let stale = blobs.removeStaleTemporaries()
        if !stale.isEmpty {
            logger.notice("removed partial uploads left by an earlier crash", metadata: ["count": "\(stale.count)"])
        }
        let catalog = AttachmentCatalog(database: database, blobs: blobs)
        let uploads = UploadService(database: database, blobs: blobs, clock: clock, settings: settings, metrics: metrics, logger: logger)
        routes = AttachmentRoutes(uploads: uploads, catalog: catalog, blobs: blobs, database: database, logger: logger)
        uploader = WholeFileUploader(uploads: uploads)
        store = catalog
        maintenance = AttachmentMaintenance(database: database, blobs: blobs, settings: settings, logger: logger)
    }

    public func registerRoutes(on routes: ModuleRoutes) {
        self.routes.register(on: routes)
    }

    /// `/console/attachments/{id}`: the files a console page shows.
    public func registerConsole(on console: ConsoleRoutes) {
        routes.register(on: console)
    }
}

extension AttachmentsModule: ReferenceListProvider {
    public var referenceLists: [ReferenceList] {
        [ReferenceList(name: "attachmentPurposes", items: AttachmentPurpose.allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) })]
    }
}
