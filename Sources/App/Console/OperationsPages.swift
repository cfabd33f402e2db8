import Audit
import Console
import Contracts
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import Synchronization
import Web

/// The platform administrators' operations pages, which belong to no feature module: exports of any
/// `export` view as CSV, streamed from PostgreSQL's COPY as the `export` command does (ADR 0012), and
/// the audit viewer (read-only, by entity or actor, newest first, paginated).
struct OperationsPages: Sendable {
    let database: Database
    let exporter: ViewExporter
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(database: Database, layout: ConsoleLayout) throws {
        self.database = database
        exporter = ViewExporter(database: database)
        self.layout = layout
        templates = try ConsoleTemplates(["exports": Self.exportsTemplate, "audit": Self.auditTemplate])
    }

    func register(on console: ConsoleRoutes) {
        console.navigation.addPlatformPage("数据导出", at: RoutePath.platformConsole("/exports"))
        console.navigation.addPlatformPage("审计日志", at: RoutePath.platformConsole("/audit"))
        console.platformAdmin.get("/exports", use: exports)
        console.platformAdmin.get("/exports/:view", use: download)
        console.platformAdmin.get("/audit", use: audit)
    }

    // MARK: Exports

    struct ViewLink {
        let name: String
        let href: String
    }

    @Sendable func exports(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let views = try await exporter.views()
        let object: [String: Any] = ["views": views.map { ViewLink(name: $0, href: "/console/platform/exports/" + $0) }]
        return layout.page("数据导出", body: templates.render("exports", object), context: context)
    }

    /// At most this many chunks of the COPY wait for a slow client; then the COPY waits too.
    static let chunksInFlight = 8

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let view = context.parameters.get("view"), try await exporter.views().contains(view) else { throw Problem.notFound }
        var year: Int?
        if let text = request.uri.queryParameters["year"].map(String.init), !text.isEmpty {
            guard let value = Digits.integer(text), (2000...2999).contains(value) else {
                throw Problem.validation([FieldProblem(field: "year", code: "invalid_year", message: "年度应为 2000–2999 的整数")])
            }
            guard try await exporter.hasYearColumn(view) else {
                throw Problem.validation([FieldProblem(field: "year", code: "no_year_column", message: "该视图没有年度列，不能按年度导出")])
            }
            year = value
        }
        try await database.withConnection { connection in
            try await connection.record(
                AuditEvent(action: "export.download", entityType: "export_view", entityID: view, details: ["year": year.map(String.init) ?? "all"]),
                origin: context.origin
            )
        }
        let (exporter, chosen) = (self.exporter, year)
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
                try await Self.stream(view, year: chosen, from: exporter, to: &writer)
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

    // MARK: Audit

    struct EventRow {
        let at: String
        let action: String
        let entity: String
        let actor: String
        let change: String
        let details: String
        let requestID: String
    }

    @Sendable func audit(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters[Substring(name)].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var search = AuditSearch(entityType: value("type"), entityID: value("id"), limit: 50)
        var problems: [FieldProblem] = []
        if let text = value("actor") {
            if let actor = AccountID(text) { search.actor = actor } else {
                problems.append(FieldProblem(field: "actor", code: "invalid_account", message: "操作人应为账号编号（UUID）"))
            }
        }
        if let text = value("before") {
            let parts = text.split(separator: "_")
            guard parts.count == 2, let micros = Int64(parts[0]), let id = Int64(parts[1]) else { throw PageRequest.invalidCursor }
            search.before = (Date(timeIntervalSince1970: Double(micros) / 1_000_000), id)
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        var object: [String: Any] = ["type": search.entityType ?? "", "id": search.entityID ?? "", "actor": value("actor") ?? ""]
        if search.entityType != nil || search.entityID != nil || search.actor != nil {
            let events = try await database.withConnection { try await $0.events(matching: search) }
            object["searched"] = true
            object["empty"] = events.isEmpty
            object["rows"] = events.map { event in
                EventRow(
                    at: ConsoleFormat.minute(event.occurredAt), action: event.action, entity: event.entityType + " " + event.entityID,
                    actor: event.actor?.description ?? "系统", change: [event.fromState, event.toState].compactMap { $0 }.joined(separator: " → "),
                    details: event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
                    requestID: event.requestID ?? ""
                )
            }
            if events.count == search.limit, let last = events.last {
                var query = ["before=\(Int64((last.occurredAt.timeIntervalSince1970 * 1_000_000).rounded()))_\(last.id)"]
                for (key, text) in [("type", search.entityType), ("id", search.entityID), ("actor", value("actor"))] {
                    if let text { query.append(key + "=" + ConsoleFormat.queryValue(text)) }
                }
                object["next"] = "/console/platform/audit?" + query.joined(separator: "&")
            }
        }
        return layout.page("审计日志", body: templates.render("audit", object), context: context)
    }

    // MARK: Templates

    static let exportsTemplate = """
        <h1>数据导出</h1>
        <p class="muted">每个导出视图可整体下载为 CSV（UTF-8，含 BOM，可用 Excel 打开）；有年度列的视图可按年度筛选。每次下载都记入审计日志。</p>
        <table class="list"><thead><tr><th>视图</th><th>下载</th></tr></thead>
        <tbody>{{#views}}<tr><td>{{name}}</td><td><a href="{{href}}">全部</a>
          <form method="get" action="{{href}}" class="inline"><input name="year" type="number" min="2000" max="2999" placeholder="年度"><button type="submit" class="secondary">按年度</button></form></td></tr>{{/views}}</tbody>
        </table>
        """

    static let auditTemplate = """
        <h1>审计日志</h1>
        <form method="get" action="/console/platform/audit" class="filters card">
          <label>对象类型 <input name="type" value="{{type}}" placeholder="如 trial_application"></label>
          <label>对象编号 <input name="id" value="{{id}}"></label>
          <label>操作人账号 <input name="actor" value="{{actor}}"></label>
          <button type="submit">查询</button>
        </form>
        {{^searched}}<p class="muted">请按对象或操作人查询（只读）。</p>{{/searched}}
        {{#searched}}
        {{#empty}}<p class="muted">没有找到记录。</p>{{/empty}}
        {{^empty}}
        <table class="list">
          <thead><tr><th>时间</th><th>操作</th><th>对象</th><th>操作人</th><th>状态变化</th><th>详情</th><th>请求编号</th></tr></thead>
          <tbody>{{#rows}}<tr><td>{{at}}</td><td>{{action}}</td><td>{{entity}}</td><td>{{actor}}</td><td>{{change}}</td><td>{{details}}</td><td>{{requestID}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/empty}}
        {{/searched}}
        {{#next}}<p><a class="button secondary" href="{{next}}" id="next-page">更早的记录</a></p>{{/next}}
        """
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
