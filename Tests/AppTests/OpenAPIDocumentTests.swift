import AppTestSupport
import Foundation
import Logging
import Postgres
import TestSupport
import Testing
import Web
import Yams

@testable import App

/// `docs/openapi.yaml` is the contract clients build against: every route the server registers must be
/// in it with its method, and it must not describe routes that do not exist.
@Suite("The OpenAPI document matches the routes", .timeLimit(.minutes(3)))
struct OpenAPIDocumentTests {
    /// "METHOD /path" for every operation in the document, read by a real YAML parser, so a document
    /// that does not parse fails here too.
    static func documentedOperations() throws -> Set<String> {
        let url = TestPaths.repositoryRoot.appendingPathComponent("docs/openapi.yaml")
        let document = try Yams.load(yaml: try String(contentsOf: url, encoding: .utf8)) as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: Any])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var operations: Set<String> = []
        for (path, item) in paths {
            for key in (item as? [String: Any])?.keys ?? [:].keys where methods.contains(key) {
                operations.insert("\(key.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndNothingElse() async throws {
        let configuration = try AppConfiguration.load(from: ["ATTACHMENTS_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID())").path])
        let database = Database(settings: configuration.connectionSettings, poolSize: 1, logger: TestDatabase.logger)
        let routes = try buildRoutes(configuration: configuration, database: database, dependencies: .live(configuration: configuration, logger: TestDatabase.logger), logger: TestDatabase.logger).registry
        let all = Set(routes.table.documented.map { "\($0.method) \($0.path)" })
        // The console's HTML pages are for browsers, not API clients: docs/console.md lists them instead,
        // and docs/mobile.md the candidates' pages under /m (issue 28).
        let console = all.filter { $0.split(separator: " ")[1].hasPrefix("/console") }
        let mobile = all.filter { let path = $0.split(separator: " ")[1]; return path == "/m" || path.hasPrefix("/m/") }
        let registered = all.subtracting(console).subtracting(mobile)
        let pages = try String(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("docs/console.md"), encoding: .utf8)
        #expect(console.filter { !pages.contains("`\($0)`") }.sorted() == [], "console pages missing from docs/console.md")
        let mobilePages = try String(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("docs/mobile.md"), encoding: .utf8)
        #expect(!mobile.isEmpty)
        #expect(mobile.filter { !mobilePages.contains("`\($0)`") }.sorted() == [], "candidate pages missing from docs/mobile.md")
        let listed = Set(mobilePages.matches(of: /`((?:GET|POST) \/m[^`]*)`/).map { String($0.1) })
        #expect(listed.subtracting(mobile).sorted() == [], "docs/mobile.md lists pages the server does not have")
        let documented = try Self.documentedOperations()
        #expect(!registered.isEmpty)
        #expect(registered.subtracting(documented).sorted() == [], "routes missing from docs/openapi.yaml")
        #expect(documented.subtracting(registered).sorted() == [], "documented routes the server does not have")
        await database.close()
    }

    /// One table: a line of prose among the route rows splits it into two when rendered.
    @Test func theConsoleRoutesAreOneTable() throws {
        let lines = try String(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("docs/console.md"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.indices.filter { lines[$0].hasPrefix("| `") && lines[$0].contains(" /console") }
        let first = try #require(rows.first), last = try #require(rows.last)
        #expect(rows.count > 20)
        #expect(rows == Array(first...last), "every line from the first route row to the last is a row")
        #expect(lines[first - 1].hasPrefix("|---"), "the rows follow the table's header")
    }
}
