import Foundation
import Logging
import Postgres
import TestSupport
import Testing
import Web

@testable import HealthTalent

/// `docs/openapi.yaml` is the contract clients build against: every route the server registers must be
/// in it with its method, and it must not describe routes that do not exist.
@Suite("The OpenAPI document matches the routes")
struct OpenAPIDocumentTests {
    /// Path → methods, read from the document's `paths:` block (two-space path keys, four-space methods).
    static func documentedOperations() throws -> Set<String> {
        let url = ServeCommandTests.repositoryRoot.appendingPathComponent("docs/openapi.yaml")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var operations: Set<String> = []
        var inPaths = false
        var currentPath: String?
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        for line in lines {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, let first = line.first, first != " ", first != "#" { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if let currentPath, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = String(line.dropFirst(4).dropLast())
                if methods.contains(method) { operations.insert("\(method.uppercased()) \(currentPath)") }
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndNothingElse() async throws {
        let configuration = try AppConfiguration.load(from: ["ATTACHMENTS_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID())").path])
        let database = Database(settings: configuration.connectionSettings, poolSize: 1, logger: TestDatabase.logger)
        let routes = try buildRoutes(configuration: configuration, database: database, dependencies: .live(configuration: configuration, logger: TestDatabase.logger), logger: TestDatabase.logger).registry
        let registered = Set(routes.table.documented.map { "\($0.method) \($0.path)" })
        let documented = try Self.documentedOperations()
        #expect(!registered.isEmpty)
        #expect(registered.subtracting(documented).sorted() == [], "routes missing from docs/openapi.yaml")
        #expect(documented.subtracting(registered).sorted() == [], "documented routes the server does not have")
        await database.close()
    }
}
