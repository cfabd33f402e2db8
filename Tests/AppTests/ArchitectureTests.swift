import Foundation
import Testing

/// The module template as a check, not a hope (STYLE.md, "Rules the code is held to"): the sources are
/// read as text and every rule below is applied to every file. Each rule is also fed a file that breaks
/// it, so a rule that stopped matching would fail here rather than pass quietly.
@Suite("Architecture: the module template holds")
struct ArchitectureTests {
    @Test func theSourcesFollowEveryRule() throws {
        let violations = Architecture.violations(in: try Architecture.sources())
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    /// One violating file per rule: the rule names it, and only that rule does.
    @Test(arguments: [
        ("Sources/TrialPeriod/Review/ReviewRoutes.swift", "struct ReviewRoutes { let database: Database }", "database-in-routes-or-pages"),
        ("Sources/Identity/Sessions/SignInPages.swift", "let db: Database", "database-in-routes-or-pages"),
        ("Sources/Confirmation/Records/ExamRecordService.swift", #"let sql = "SELECT id FROM confirmation.exam_records""#, "sql-outside-stores"),
        ("Sources/App/Operations/OperationsPages.swift", #"try await c.execute("DELETE FROM audit.events")"#, "sql-outside-stores"),
        ("Sources/Institutions/Institutions/InstitutionService.swift", #"throw Problem(status: 409, code: "x", title: "y")"#, "problems-outside-problems-files"),
        ("Sources/TrialPeriod/Declarations/DeclarationService.swift", #"problems.append(FieldProblem(field: "a", code: "b", message: "c"))"#, "problems-outside-problems-files"),
        ("Sources/Attachments/Uploads/UploadService.swift", "import Identity", "feature-imports-feature"),
        ("Sources/Confirmation/Records/RecordPageModels.swift", "let object: [String: Any] = [:]", "untyped-page-models"),
        ("Sources/Institutions/Institutions/UnitPages.swift", #"return ConsolePage.redirect(to: "/console/units/" + id)"#, "url-outside-paths"),
        ("Sources/Identity/Routes/MeRoutes.swift", "struct MeRoutes {}", "layer-folder"),
    ])
    func aFileBreakingARuleIsNamed(path: String, text: String, rule: String) {
        let found = Architecture.violations(in: [Architecture.SourceFile(path: path, text: text)]).filter { $0.rule != "module-rooms" }
        #expect(found.map(\.rule) == [rule], "\(found)")
    }

    @Test func aFeatureModuleWithoutItsRoomsIsNamed() {
        let files = [
            Architecture.SourceFile(path: "Sources/Identity/IdentityModule.swift", text: ""),
            Architecture.SourceFile(path: "Sources/Identity/IdentitySettings.swift", text: ""),
        ]
        let missing = Architecture.violations(in: files).filter { $0.rule == "module-rooms" && $0.path.hasPrefix("Sources/Identity/") }
        #expect(Set(missing.map(\.path)) == ["Sources/Identity/IdentityProblems.swift", "Sources/Identity/IdentityPaths.swift"])
    }

    @Test func aCommentOrTheRightRoomIsNoViolation() {
        let allowed = [
            Architecture.SourceFile(path: "Sources/TrialPeriod/Declarations/DeclarationStore.swift", text: #"let sql = "SELECT 1""#),
            Architecture.SourceFile(path: "Sources/TrialPeriod/TrialPeriodProblems.swift", text: #"static let x = Problem(status: 409, code: "x", title: "y")"#),
            Architecture.SourceFile(path: "Sources/TrialPeriod/Declarations/SubmissionRules.swift", text: #"FieldProblem(field: "a", code: "b", message: "c")"#),
            Architecture.SourceFile(path: "Sources/TrialPeriod/TrialPeriodPaths.swift", text: #"static let list = RoutePath.console("/units/:institutionId/x")"#),
            Architecture.SourceFile(path: "Sources/TrialPeriod/Review/ReviewPages.swift", text: "/// Holds no Database; SELECT nothing here.\n// \"/console/x\""),
        ]
        #expect(Architecture.violations(in: allowed).filter { $0.rule != "module-rooms" }.isEmpty)
    }

    /// STYLE.md lists the rules this test holds, so the page and the check cannot drift apart.
    @Test func styleListsEveryRule() throws {
        let style = try String(contentsOf: Architecture.root.appendingPathComponent("STYLE.md"), encoding: .utf8)
        for rule in Architecture.Rule.allCases {
            #expect(style.contains("`\(rule.rawValue)`"), "STYLE.md does not list \(rule.rawValue)")
        }
    }
}

/// The rules, applied to source text.
enum Architecture {
    static let features = ["Identity", "Institutions", "TrialPeriod", "Confirmation", "Attachments", "Notifications"]
    /// Where SQL, problems and URLs are held to their rooms: the feature modules, the application and its commands.
    static let governed = features + ["App", "health-talent"]
    /// Where problems and URLs are held to their rooms as well (the console's own code).
    static let pagesAndProblems = governed + ["Console"]

    enum Rule: String, CaseIterable {
        case databaseInRoutesOrPages = "database-in-routes-or-pages"
        case sqlOutsideStores = "sql-outside-stores"
        case problemsOutsideProblemsFiles = "problems-outside-problems-files"
        case moduleRooms = "module-rooms"
        case featureImportsFeature = "feature-imports-feature"
        case untypedPageModels = "untyped-page-models"
        case urlOutsidePaths = "url-outside-paths"
        case layerFolder = "layer-folder"
    }

    struct SourceFile {
        let path: String
        let text: String
    }

    struct Violation: CustomStringConvertible {
        let rule: String
        let path: String
        let line: Int
        let excerpt: String
        var description: String { "\(path):\(line): [\(rule)] \(excerpt)" }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sources() throws -> [SourceFile] {
        let sources = root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return [] }
        var files: [SourceFile] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = "Sources/" + url.path.dropFirst(sources.path.count + 1)
            files.append(SourceFile(path: relative, text: try String(contentsOf: url, encoding: .utf8)))
        }
        #expect(files.count > 100, "the sources were not found under \(sources.path)")
        return files
    }

    static func violations(in files: [SourceFile]) -> [Violation] {
        var found: [Violation] = []
        for file in files {
            let parts = file.path.split(separator: "/").map(String.init)
            guard parts.count >= 3, parts[0] == "Sources" else { continue }
            let module = parts[1]
            let name = parts[parts.count - 1]
            let isFeature = features.contains(module)
            let isGoverned = governed.contains(module)
            for (index, raw) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = code(of: String(raw))
                func flag(_ rule: Rule) {
                    found.append(Violation(rule: rule.rawValue, path: file.path, line: index + 1, excerpt: raw.trimmingCharacters(in: .whitespaces)))
                }
                if name.hasSuffix("Routes.swift") || name.hasSuffix("Pages.swift") || name.contains("Pages+"), line.contains(wordDatabase) {
                    flag(.databaseInRoutesOrPages)
                }
                if isGoverned, !name.hasSuffix("Store.swift"), line.contains(sql) { flag(.sqlOutsideStores) }
                if pagesAndProblems.contains(module), !name.hasSuffix("Problems.swift"), !name.hasSuffix("Rules.swift"), line.contains(problemConstruction) {
                    flag(.problemsOutsideProblemsFiles)
                }
                if isFeature, let imported = line.firstMatch(of: importLine)?.1, features.contains(String(imported)), imported != module {
                    flag(.featureImportsFeature)
                }
                if isFeature || module == "Console" || module == "App", line.contains("[String: Any]") { flag(.untypedPageModels) }
                if pagesAndProblems.contains(module), !name.hasSuffix("Paths.swift"), line.contains(urlLiteral) { flag(.urlOutsidePaths) }
            }
            if isFeature, parts.count >= 4, ["Routes", "Console", "Pages"].contains(parts[2]) {
                found.append(Violation(rule: Rule.layerFolder.rawValue, path: file.path, line: 1, excerpt: "a layer folder: \(parts[2])/"))
            }
        }
        // Every feature module has its rooms.
        let paths = Set(files.map(\.path))
        for module in features where paths.contains(where: { $0.hasPrefix("Sources/\(module)/") }) {
            for room in ["Module", "Settings", "Problems", "Paths"] {
                let path = "Sources/\(module)/\(module)\(room).swift"
                if !paths.contains(path) {
                    found.append(Violation(rule: Rule.moduleRooms.rawValue, path: path, line: 0, excerpt: "missing"))
                }
            }
        }
        return found
    }

    /// The line without its comment (a `//` inside a string literal cuts it short: a URL there is not a
    /// violation any rule looks for).
    static func code(of line: String) -> String {
        guard let range = line.range(of: "//") else { return line }
        return String(line[..<range.lowerBound])
    }

    nonisolated(unsafe) static let wordDatabase = /\bDatabase\b/
    nonisolated(unsafe) static let sql = /"\s*(SELECT|INSERT INTO|UPDATE [a-z_.]+ SET|DELETE FROM|WITH [a-z_]+ AS|COPY \(|COPY [a-z_.]+)\b/
    nonisolated(unsafe) static let problemConstruction = /(^|[^A-Za-z_.])(Field)?Problem\(/
    nonisolated(unsafe) static let importLine = /^\s*import\s+([A-Za-z]+)\s*$/
    nonisolated(unsafe) static let urlLiteral = /"\/(console|api\/v1)(\/|")/
}
