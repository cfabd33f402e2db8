import Audit
import Contracts
import Postgres
import Web

/// 数据导出 for the console: the views, and a download checked and audited before its first byte.
struct ExportService: Sendable {
    let database: Database
    let exporter: ViewExporter

    init(database: Database) {
        self.database = database
        exporter = ViewExporter(database: database)
    }

    func views() async throws -> [String] {
        try await exporter.views()
    }

    /// Checks that `view` exists (404 otherwise) and that `year` (`?year=`, empty: every year) is one the
    /// view can be filtered on, and records the download (`export.download`). Answers the year.
    func beginDownload(_ view: String, year text: String?, origin: RequestOrigin) async throws -> Int? {
        guard try await exporter.views().contains(view) else { throw Problem.notFound }
        var year: Int?
        if let text, !text.isEmpty {
            guard let value = Digits.integer(text), (2000...2999).contains(value) else { throw OperationsProblems.invalidYear }
            guard try await exporter.yearColumn(of: view) != nil else { throw OperationsProblems.noYearColumn }
            year = value
        }
        try await database.withConnection { connection in
            try await connection.record(
                AuditEvent(action: "export.download", entityType: "export_view", entityID: view, details: ["year": year.map(String.init) ?? "all"]),
                origin: origin
            )
        }
        return year
    }
}
