import Console
import Contracts
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Web

/// 数据导出: any `export` view as CSV, streamed from PostgreSQL's COPY as the `export` command does
/// (ADR 0012).
struct ExportPages: Sendable {
    let exports: ExportService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    func register(on console: ConsoleRoutes) {
        console.navigation.addPlatformPage("数据导出", at: OperationsPaths.exports)
        console.platformAdmin.get(OperationsPaths.exports.route, use: list)
        console.platformAdmin.get(OperationsPaths.export.route, use: download)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let page = ExportsPage(views: try await exports.views())
        return layout.page("数据导出", body: templates.render("exports", page), context: context)
    }

    /// At most this many chunks of the COPY wait for a slow client; then the COPY waits too.
    static let chunksInFlight = 8

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let view = context.parameters.get("view") else { throw Problem.notFound }
        let year = try await exports.beginDownload(view, year: request.uri.queryParameters["year"].map(String.init), origin: context.origin)
        let exporter = exports.exporter
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(view)\(year.map { "-\($0)" } ?? "").csv\"",
            ],
            // The COPY starts in here: Hummingbird calls this only once the head is written, and not at all
            // when the client is already gone, so a COPY started before the response would have nobody to
            // end it (it blocked a thread and held a pooled connection forever, issue 24).
            body: ResponseBody { writer in
                try await Self.stream(view, year: year, from: exporter, to: &writer)
            }
        )
    }

    /// Runs the COPY and writes its chunks as they arrive. Returns only once the COPY has ended, so its
    /// connection is back in the pool (or replaced) when the response ends, read whole or abandoned.
    static func stream(_ view: String, year: Int?, from exporter: ViewExporter, to writer: inout any ResponseBodyWriter) async throws {
        let (chunks, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let gate = CopyGate(slots: chunksInFlight)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The COPY runs on the database's COPY threads and blocks there when the client is slower than
            // the database; if the client goes away, the gate opens, the COPY is abandoned and its
            // connection replaced.
            group.addTask {
                do {
                    _ = try await exporter.export(view, year: year, format: .csv) { bytes in
                        try gate.enter()
                        continuation.yield(ByteBuffer(bytes: bytes))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            do {
                try await writer.write(ByteBuffer(string: CSVDownload.byteOrderMark))
                for try await chunk in chunks {
                    try await writer.write(chunk)
                    gate.leave()
                }
                // A cancelled iteration ends quietly; finishing then would pass a cut-off file as whole.
                try Task.checkCancellation()
                try await writer.finish(nil)
            } catch {
                gate.close()
                throw error
            }
        }
    }
}

/// Lets a blocking COPY hand at most `slots` chunks to an async consumer, and stops it when the
/// consumer is gone.
final class CopyGate: Sendable {
    private let semaphore: DispatchSemaphore
    private let slots: Int
    private let closed = Atomic<Bool>(false)

    init(slots: Int) {
        self.slots = slots
        semaphore = DispatchSemaphore(value: slots)
    }

    struct Abandoned: Error {}

    /// Called by the COPY (on libpq's thread) before each chunk: waits for room; throws once closed.
    func enter() throws {
        semaphore.wait()
        if closed.load(ordering: .acquiring) { throw Abandoned() }
    }

    func leave() { semaphore.signal() }

    /// The consumer is done (finished or gone): wake the COPY so it ends.
    func close() {
        closed.store(true, ordering: .releasing)
        for _ in 0...slots { semaphore.signal() }
    }
}
