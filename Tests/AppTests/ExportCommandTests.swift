import AppTestSupport
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("The export command and the export role", .timeLimit(.minutes(3)))
struct ExportCommandTests {
    /// A database with one unit (a name CSV and JSON must escape), one verified candidate bound to it, and
    /// the 2025 and 2026 cycles: `export.exam_record_status` has one row per year.
    static func seeded() async throws -> (url: String, database: Database) {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let url = TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
        let database = Database(settings: ConnectionSettings(url: url), poolSize: 1, logger: TestDatabase.logger)
        try await database.withConnection { connection in
            try await connection.executeScript(#"""
                INSERT INTO institutions.institutions
                    (id, name, uscc, uscc_check_passed, superior_unit, category, region, address, confirmation_code, code_rotated_at, created_at, updated_at)
                VALUES ('11111111-1111-1111-1111-111111111111', '武汉"第一",医院\分院', '12420100MB0000000X', false, NULL, 'A', '420100', '武汉市',
                        'ABCDEFGH', now(), now(), now());
                INSERT INTO identity.accounts (id, wechat_openid) VALUES ('22222222-2222-2222-2222-222222222222', 'export-test');
                INSERT INTO identity.verifications (account_id, status, method, real_name, document_type, document_number, created_at, updated_at)
                VALUES ('22222222-2222-2222-2222-222222222222', 'verified', 'manual', '王小明', 'resident_id', '420106199003074519', now(), now());
                INSERT INTO institutions.employments (account_id, institution_id, started_at)
                VALUES ('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111', now());
                INSERT INTO trial.cycles (year, opens_at, closes_at, review_deadline, trial_completion_deadline, notice_text, created_at, updated_at)
                VALUES (2025, '2025-01-01', '2025-06-30', '2025-07-31', '2025-08-31', 'n', now(), now()),
                       (2026, '2026-01-01', '2026-06-30', '2026-07-31', '2026-08-31', 'n', now(), now());
                """#)
        }
        return (url, database)
    }

    @Test func aViewIsExportedAsCSVWithAHeaderAndABOMOrAsJSONLines() async throws {
        let (url, database) = try await Self.seeded()
        await database.close()
        let environment = ["DATABASE_URL": url, "LOG_FORMAT": "json"]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }

        let csv = try TestBinary.run(["export", "exam_record_status", "--year", "2026", "--bom", "--output", file.path], environment: environment)
        #expect(csv.status == 0, "\(csv.stderr)")
        let bytes = try [UInt8](Data(contentsOf: file))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2, "a header and the one 2026 row: \(lines)")
        #expect(lines.first?.hasPrefix("year,institution_id,unit_name,account_id,candidate_name") == true)
        #expect(lines.last?.contains(#""武汉""第一"",医院\分院""#) == true, "CSV quoting: \(lines)")
        #expect(lines.last?.contains("not_entered") == true)

        let jsonl = try TestBinary.run(["export", "exam_record_status", "--format", "jsonl"], environment: environment)
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let objects = try jsonl.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 2, "both years without --year")
        #expect(objects.allSatisfy { $0?["unit_name"] as? String == #"武汉"第一",医院\分院"# }, "no doubled backslashes: \(jsonl.stdout)")
        #expect(Set(objects.compactMap { $0?["year"] as? Int }) == [2025, 2026])
    }

    @Test func anUnknownViewListsTheAvailableOnes() async throws {
        let (url, database) = try await Self.seeded()
        await database.close()
        let refused = try TestBinary.run(["export", "identity.accounts"], environment: ["DATABASE_URL": url, "LOG_FORMAT": "json"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("exam_record_status, exam_records, trial_applications, trial_periods"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
    }

    @Test func theExportRoleReadsTheViewsAndNoTable() async throws {
        let (_, database) = try await Self.seeded()
        defer { Task { await database.close() } }
        let count = try await database.transaction { connection in
            try await connection.executeScript("SET LOCAL ROLE health_talent_export")
            return try await connection.query("SELECT count(*)::int AS n FROM export.exam_record_status").first?.decode(Int.self, "n")
        }
        #expect(count == 2)
        for table in ["identity.accounts", "identity.verifications", "institutions.institutions", "confirmation.records", "audit.events"] {
            await #expect(throws: PostgresError.self, "\(table)") {
                try await database.transaction { connection in
                    try await connection.executeScript("SET LOCAL ROLE health_talent_export")
                    _ = try await connection.query(SQL.trusted("SELECT 1 FROM \(table) LIMIT 1"))
                }
            }
        }
    }

    /// OWASP's CSV-injection rule on COPY's output: a unit or candidate text that begins with `=`, `+`,
    /// `-` or `@` reaches the spreadsheet as text, in CSV only (JSON lines keep the text as it is).
    @Test func textThatWouldBeAFormulaIsNeutralisedInCSV() async throws {
        let (url, database) = try await Self.seeded()
        try await database.execute(
            "UPDATE institutions.institutions SET name = $1", [#"=HYPERLINK("http://evil.example","点击")"#]
        )
        try await database.execute("UPDATE identity.verifications SET real_name = '@SUM(1+1)'")
        await database.close()
        let environment = ["DATABASE_URL": url, "LOG_FORMAT": "json"]
        let csv = try TestBinary.run(["export", "exam_record_status", "--year", "2026"], environment: environment)
        #expect(csv.status == 0, "\(csv.stderr)")
        let row = try #require(csv.stdout.split(separator: "\n").last)
        #expect(row.contains(#""'=HYPERLINK(""http://evil.example"",""点击"")""#), "\(row)")
        #expect(row.contains(",'@SUM(1+1),"), "\(row)")
        #expect(!row.contains(#","=HYPERLINK"#) && !row.contains(",@SUM"), "\(row)")
        let jsonl = try TestBinary.run(["export", "exam_record_status", "--year", "2026", "--format", "jsonl"], environment: environment)
        #expect(jsonl.stdout.contains(#""candidate_name":"@SUM(1+1)""#), "\(jsonl.stdout)")
    }
}
