import Foundation
import Postgres
import TestSupport
import Testing
@testable import TrialPeriod
import Web

/// The unit's review list is written with `JSONWriter` (issue 14); it must be byte for byte what
/// `JSONEncoder` writes for the same page, nulls, escapes, dates and the counts' key order included.
@Suite("The review list's hand-written JSON")
struct ResponseWriterTests {
    @Test func thePageIsWhatTheEncoderWrites() async throws {
        try await TestDatabase.with { setup async throws in
            let rows = try await setup.database.query(
                """
                SELECT gen_random_uuid() AS id, 2027 AS cycle, gen_random_uuid() AS account_id, gen_random_uuid() AS institution_id,
                       name AS applicant_name, status, version, 'physician' AS level, category, subtype AS tcm_subtype,
                       '2026-11-23T10:11:12.345Z'::timestamptz AS updated_at, submitted AS submitted_at, approved AS approved_at
                FROM (VALUES
                    ('王小明', 'submitted', 3, 'clinical', NULL, '2026-11-20T01:02:03Z'::timestamptz, NULL::timestamptz),
                    ('引"号\\反/斜\u{1}', 'approved', 12, 'tcm', 'mongolian', '2026-11-21T01:02:03.999Z', '2026-11-22T23:59:59.5Z')
                ) AS v(name, status, version, category, subtype, submitted, approved)
                """
            )
            let items = try rows.map { DeclarationSummaryResponse(try DeclarationSummary(row: $0)) }
            for cursor in [nil, "abc_-123"] as [String?] {
                let page = UnitDeclarationPageResponse(
                    items: items, nextCursor: cursor,
                    counts: Dictionary(uniqueKeysWithValues: DeclarationStatus.allCases.filter { $0 != .draft }.enumerated().map { ($1.rawValue, $0) })
                )
                let expected = try JSONCoding.encoder.encode(page)
                #expect(String(decoding: page.json().bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            }
            let empty = UnitDeclarationPageResponse(items: [], nextCursor: nil, counts: [:])
            #expect(String(decoding: empty.json().bytes, as: UTF8.self) == String(decoding: try JSONCoding.encoder.encode(empty), as: UTF8.self))
        }
    }
}
