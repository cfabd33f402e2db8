import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Exam information: bulk entry from a CSV", .timeLimit(.minutes(5)))
struct RecordImportTests {
    func importCSV(_ h: AppHarness, _ p: AppHarness.TrialParties, _ csv: String, type: String = "text/csv") async throws -> TestResponse {
        try await h.client.execute(
            uri: "/api/v1/units/\(p.unit)/exam-records/2026/import", method: .post,
            headers: [.contentType: type, .authorization: "Bearer \(p.unitToken)"], body: ByteBuffer(string: csv)
        )
    }

    @Test func goodLinesAreSavedAndBadLinesReportedByLine() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (other, otherAccount) = try await h.verifiedCandidate("user-record-5", serial: 815, name: "周九")
            #expect(try await h.bind(other, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken)).status == .ok)
            let mine = AppHarness.residentID(serial: 701)
            let theirs = AppHarness.residentID(serial: 815)
            let csv = "\u{FEFF}" + [
                AppHarness.importHeader,
                AppHarness.importRow(mine, school: "武汉大学, 医学部"),
                AppHarness.importRow(theirs, years: "十"),
                AppHarness.importRow("110105199001011234"),
                AppHarness.importRow(mine),
            ].joined(separator: "\r\n") + "\r\n"
            let report = try await importCSV(h, p, csv)
            #expect(report.status == .ok, "\(report.text)")
            #expect(report.json["saved"] as? Int == 1)
            #expect(report.json["invalid"] as? Int == 3)
            let lines = try #require(report.json["lines"] as? [[String: Any]])
            #expect(lines.map { $0["line"] as? Int } == [2, 3, 4, 5])
            #expect(lines.map { $0["outcome"] as? String } == ["saved", "invalid", "invalid", "invalid"])
            #expect(((lines[1]["errors"] as? [[String: Any]])?.first?["field"] as? String) == "education.lengthYears")
            #expect(((lines[2]["errors"] as? [[String: Any]])?.first?["code"] as? String) == "not_staff")
            #expect(((lines[3]["errors"] as? [[String: Any]])?.first?["code"] as? String) == "duplicate")
            #expect((lines[0]["documentNumber"] as? String)?.contains("*") == true, "the report masks document numbers")

            let record = try await h.myRecord(p.candidate)
            #expect(record.json["status"] as? String == "awaiting_confirmation")
            let content = try #require(record.json["content"] as? [String: Any])
            #expect((content["education"] as? [String: Any])?["school"] as? String == "武汉大学, 医学部")
            #expect((content["education"] as? [String: Any])?["level"] as? String == "bachelor", "a label becomes its code")
            #expect((content["trial"] as? [String: Any])?["freshGraduate"] as? Bool == true)
            #expect(try await h.myRecord(other).json["status"] as? String == "not_entered", "a bad row saves nothing")
            _ = otherAccount
        }
    }

    @Test func reImportingTheSameFileMakesNoNewVersion() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let csv = AppHarness.importHeader + "\n" + AppHarness.importRow(AppHarness.residentID(serial: 701)) + "\n"
            #expect(try await importCSV(h, p, csv).json["saved"] as? Int == 1)
            let again = try await importCSV(h, p, csv)
            #expect(again.json["saved"] as? Int == 0)
            #expect(again.json["unchanged"] as? Int == 1)
            #expect(try await h.myRecord(p.candidate).json["version"] as? Int == 1)
            let actions = try await h.auditActions()
            #expect(actions.filter { $0 == "exam_record.import" }.count == 1)
            #expect(actions.filter { $0 == "exam_record.import_file" }.count == 2)
        }
    }

    @Test func aFileThatIsNotAUsableCSVIsRefusedWhole() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let json = try await importCSV(h, p, "{}", type: "application/json")
            #expect(json.status == .unsupportedMediaType)
            let unknown = try await importCSV(h, p, "documentNumber,education.schol\n1,2\n")
            #expect(unknown.status == .unprocessableContent)
            #expect(AppHarness.codes(unknown) == ["unknown_column"])
            let noNumber = try await importCSV(h, p, "education.school\nx\n")
            #expect(AppHarness.codes(noNumber) == ["missing_column"])
            let empty = try await importCSV(h, p, AppHarness.importHeader + "\n")
            #expect(AppHarness.codes(empty) == ["empty"])
            let open = try await importCSV(h, p, AppHarness.importHeader + "\n\"unterminated\n")
            #expect(AppHarness.codes(open) == ["unterminated_quote"])
            let latin = try await h.client.execute(
                uri: "/api/v1/units/\(p.unit)/exam-records/2026/import", method: .post,
                headers: [.contentType: "text/csv", .authorization: "Bearer \(p.unitToken)"], body: ByteBuffer(bytes: [0x64, 0xFF, 0xFE, 0x0A])
            )
            #expect(AppHarness.codes(latin) == ["invalid_encoding"])
            // The import path answers only POST, although `…/{year}/{accountId}` has GET and PUT.
            let get = try await h.request(.get, "/api/v1/units/\(p.unit)/exam-records/2026/import", token: p.unitToken)
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
            // A candidate is not let in at all.
            #expect(try await h.request(.post, "/api/v1/units/\(p.unit)/exam-records/2026/import", token: p.candidate).status == .notFound)
        }
    }

    /// Imports of one unit's year fired together: each answers a report (what it saved, exactly) or a
    /// 409 that saved nothing; never a 409 after saving some lines, never a file without its event.
    @Test func importsFiredTogetherSaveExactlyWhatTheirReportsSay() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let code = try await h.confirmationCode(of: p.unit, token: p.unitToken)
            var numbers = [AppHarness.residentID(serial: 701)]
            for serial in 830..<836 {
                let (token, _) = try await h.verifiedCandidate("user-import-\(serial)", serial: serial, name: "考生")
                #expect(try await h.bind(token, to: p.unit, code: code).status == .ok)
                numbers.append(AppHarness.residentID(serial: serial))
            }
            var reported = 0
            var files = 0
            for round in 0..<4 {
                let csv = ([AppHarness.importHeader] + numbers.map { AppHarness.importRow($0, school: "武汉大学\(round)") }).joined(separator: "\n") + "\n"
                let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                    for _ in 0..<4 { group.addTask { try await importCSV(h, p, csv) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for response in responses {
                    if response.status == .ok {
                        reported += try #require(response.json["saved"] as? Int)
                        files += 1
                    } else {
                        #expect(response.status == .conflict, "\(response.text)")
                        #expect(["import_in_progress", "version_conflict"].contains(response.json["code"] as? String), "\(response.text)")
                    }
                }
                #expect(responses.contains { $0.status == .ok }, "one import of each round gets through")
            }
            let versions = try await h.database.query("SELECT count(*) AS n FROM confirmation.record_versions")[0].decode(Int.self, "n")
            #expect(versions == reported)
            #expect(versions == numbers.count * 4, "each round's first import saved every line, the others none")
            let actions = try await h.auditActions()
            #expect(actions.filter { $0 == "exam_record.import" }.count == reported)
            #expect(actions.filter { $0 == "exam_record.import_file" }.count == files)
        }
    }
}
