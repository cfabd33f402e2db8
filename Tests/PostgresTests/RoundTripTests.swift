import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Values round-trip through PostgreSQL", .timeLimit(.minutes(3)))
struct RoundTripTests {
    struct Payload: Codable, Equatable, Sendable {
        let name: String
        let tags: [String]
        let count: Int
    }

    @Test func everyTypeRoundTripsThroughATable() async throws {
        try await TestDatabase.with { setup async throws in
            let db = setup.database
            try await db.execute(
                """
                CREATE TABLE sample (
                    t text, i integer, b8 bigint, d double precision, flag boolean, u uuid,
                    ts timestamptz, day date, bytes bytea, doc jsonb
                )
                """
            )
            let uuid = UUID()
            let instant = Date(timeIntervalSince1970: 1_718_000_123.456789)
            let day = Date(timeIntervalSince1970: 1_718_000_000 - 1_718_000_000.truncatingRemainder(dividingBy: 86_400))
            let bytes = Data((0...255).map { UInt8($0) } + [0, 0])
            let payload = Payload(name: "湖北省人民医院", tags: ["执业医师", "临床"], count: 3)
            let text = "张三 (维吾尔族) — 湖北卫生人才 'quoted' \"double\" \\ backslash"

            try await db.execute(
                "INSERT INTO sample VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                [text, Int.max >> 33, Int64.min, -1234.5678e-9, true, uuid, instant, day, bytes, PostgresJSON(payload)]
            )
            let row = try #require(try await db.query("SELECT * FROM sample").first)
            #expect(try row.decode(String.self, "t") == text)
            #expect(try row.decode(Int.self, "i") == Int.max >> 33)
            #expect(try row.decode(Int64.self, "b8") == Int64.min)
            #expect(try row.decode(Double.self, "d") == -1234.5678e-9)
            #expect(try row.decode(Bool.self, "flag") == true)
            #expect(try row.decode(UUID.self, "u") == uuid)
            let storedInstant = try row.decode(Date.self, "ts")
            #expect(abs(storedInstant.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
            #expect(try row.decode(Date.self, "day") == day)
            #expect(try row.decode(Data.self, "bytes") == bytes)
            #expect(try row.decode(PostgresJSON<Payload>.self, "doc").value == payload)
        }
    }

    @Test func nullsRoundTripAsOptionals() async throws {
        try await TestDatabase.with { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE maybe (t text, i integer, u uuid, ts timestamptz, bytes bytea, flag boolean)")
            try await db.execute(
                "INSERT INTO maybe VALUES ($1, $2, $3, $4, $5, $6)",
                [String?.none, Int?.none, UUID?.none, Date?.none, Data?.none, Bool?.none]
            )
            let row = try #require(try await db.query("SELECT * FROM maybe").first)
            #expect(try row.decode(String?.self, "t") == nil)
            #expect(try row.decode(Int?.self, "i") == nil)
            #expect(try row.decode(UUID?.self, "u") == nil)
            #expect(try row.decode(Date?.self, "ts") == nil)
            #expect(try row.decode(Data?.self, "bytes") == nil)
            #expect(try row.decode(Bool?.self, "flag") == nil)
            // A present value still decodes through an optional.
            let present = try #require(try await db.query("SELECT 42::int AS i").first)
            #expect(try present.decode(Int?.self, "i") == 42)
        }
    }

    @Test func aTypeMismatchNamesTheColumn() async throws {
        try await TestDatabase.with { setup async throws in
            let row = try #require(try await setup.database.query("SELECT 'abc'::text AS real_name, NULL::int AS age").first)
            let mismatch = #expect(throws: PostgresError.self) { try row.decode(Int.self, "real_name") }
            #expect(mismatch?.kind == .decoding)
            #expect(mismatch?.message.contains("real_name") == true)
            let null = #expect(throws: PostgresError.self) { try row.decode(Int.self, "age") }
            #expect(null?.message.contains("age") == true)
            let missing = #expect(throws: PostgresError.self) { try row.decode(Int.self, "nope") }
            #expect(missing?.message.contains("nope") == true)
        }
    }

    @Test func parametersAreNeverSpliced() async throws {
        try await TestDatabase.with { setup async throws in
            let hostile = "'); DROP TABLE victims; --"
            try await setup.database.execute("CREATE TABLE victims (name text)")
            try await setup.database.execute("INSERT INTO victims VALUES ($1)", [hostile])
            let rows = try await setup.database.query("SELECT name FROM victims")
            #expect(rows.count == 1)
            #expect(try rows[0].decode(String.self, "name") == hostile)
        }
    }

    @Test func timestampsKeepMicrosecondsAndOffsetsAreRead() async throws {
        try await TestDatabase.with { setup async throws in
            let row = try #require(try await setup.database.query(
                "SELECT '2024-02-29 23:59:59.999999+08:00'::timestamptz AS a, '1969-07-20 20:17:40Z'::timestamptz AS b, '2024-02-29'::date AS c"
            ).first)
            // 2024-02-29T15:59:59.999999Z
            #expect(abs(try row.decode(Date.self, "a").timeIntervalSince1970 - 1_709_222_399.999999) < 0.000_001)
            #expect(try row.decode(Date.self, "b").timeIntervalSince1970 == -14_182_940)
            #expect(try row.decode(Date.self, "c").timeIntervalSince1970 == 1_709_164_800)
        }
    }

    @Test func textWithANulIsRefusedNotCutShort() async throws {
        try await TestDatabase.with { setup async throws in
            let db = setup.database
            try await db.execute("CREATE TABLE names (n text)")
            await #expect(throws: PostgresError.self) {
                try await db.execute("INSERT INTO names (n) VALUES ($1)", ["张\u{0}三"])
            }
            #expect(try await db.query("SELECT count(*) AS c FROM names")[0].decode(Int.self, "c") == 0)
        }
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, -1e300, 9_223_372_036_854_775_807, -300_000_000_000])
    func anyInstantIsSentWithoutTrapping(_ seconds: Double) async throws {
        try await TestDatabase.with { setup async throws in
            // Far outside the range, a date becomes ±infinity instead of overflowing the conversion.
            let rows = try await setup.database.query("SELECT $1::timestamptz AS t", [Date(timeIntervalSince1970: seconds)])
            #expect(rows.count == 1)
        }
    }
}
