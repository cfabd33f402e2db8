import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import Institutions
import CoreMetrics
import Postgres
import Testing

@Suite("Institution search (单位名称搜索)", .timeLimit(.minutes(3)))
struct InstitutionSearchTests {
    static func names(_ response: TestResponse) -> [String] {
        (response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    static func q(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    static let registry = [
        ("华中科技大学同济医学院附属协和医院", "A", "420100"), ("协和医院", "A", "420100"), ("协和医院西院", "A", "420100"),
        ("武汉大学人民医院", "A", "420100"), ("黄石市中心医院", "A", "420200"), ("通山县杨芳林乡卫生院", "C", "421200"),
        ("武汉市江岸区大智街社区卫生服务中心", "B", "420100"), ("恩施州中心医院", "A", "422800"),
    ]

    static func seed(_ h: AppHarness) async throws {
        for (index, (name, category, region)) in registry.enumerated() {
            try await TestInstitutions.create(name, serial: 1000 + index, category: category, region: region, in: h.database)
        }
    }

    @Test func aFragmentFindsTheNameAndRankingPutsExactThenPrefixFirst() async throws {
        try await AppHarness.run { h in
            try await Self.seed(h)
            let (token, _) = try await h.loginByWeChat("user-searcher")
            let found = Self.names(try await h.request(.get, "/api/v1/institutions?q=\(Self.q("协和"))", token: token))
            #expect(found == ["协和医院", "协和医院西院", "华中科技大学同济医学院附属协和医院"])
            #expect(Self.names(try await h.request(.get, "/api/v1/institutions?q=\(Self.q("协和医院"))", token: token)).first == "协和医院")
            let item = try #require((try await h.request(.get, "/api/v1/institutions?q=\(Self.q("卫生院"))", token: token)).json["items"] as? [[String: Any]])
            #expect(item.first?["categoryLabel"] as? String == "卫生院")
            #expect(item.first?["regionLabel"] as? String == "咸宁市")
        }
    }

    @Test func aCodeOrItsPrefixFindsTheInstitution() async throws {
        try await AppHarness.run { h in
            try await Self.seed(h)
            let (token, _) = try await h.loginByWeChat("user-code-searcher")
            let code = TestInstitutions.uscc(1003)  // 武汉大学人民医院
            #expect(Self.names(try await h.request(.get, "/api/v1/institutions?q=\(code)", token: token)) == ["武汉大学人民医院"])
            let prefix = String(code.prefix(14)).lowercased()
            #expect(Self.names(try await h.request(.get, "/api/v1/institutions?q=\(prefix)", token: token)).contains("武汉大学人民医院"))
        }
    }

    @Test func filtersAndPagesWalkEverythingOnce() async throws {
        try await AppHarness.run { h in
            try await Self.seed(h)
            let (token, _) = try await h.loginByWeChat("user-pager")
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await h.request(.get, "/api/v1/institutions?region=420100&limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
                #expect(page.status == .ok, "\(page.text)")
                seen += Self.names(page)
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == 5)
            #expect(Set(seen).count == 5)
            #expect(Self.names(try await h.request(.get, "/api/v1/institutions?category=B", token: token)) == ["武汉市江岸区大智街社区卫生服务中心"])
            #expect(try await h.request(.get, "/api/v1/institutions?cursor=garbage", token: token).status == .unprocessableContent)
            #expect(try await h.request(.get, "/api/v1/institutions?region=999999", token: token).status == .unprocessableContent)
            #expect(try await h.request(.get, "/api/v1/institutions?q=\(Self.q("协和"))").status == .unauthorized)
        }
    }

    // MARK: The cache (docs/adr/0014)

    static func statements(_ h: AppHarness, _ work: () async throws -> TestResponse) async throws -> (TestResponse, Int) {
        let before = await h.database.poolStatistics
        let response = try await work()
        let after = await h.database.poolStatistics
        return (response, after.statements - before.statements)
    }

    @Test func aRepeatedSearchIsAnsweredByTheAuthenticatingStatementAlone() async throws {
        try await AppHarness.run { h in
            try await Self.seed(h)
            let (token, _) = try await h.loginByWeChat("user-repeater")
            let path = "/api/v1/institutions?q=\(Self.q("协和"))&limit=2"
            let (first, firstCost) = try await Self.statements(h) { try await h.request(.get, path, token: token) }
            let (second, secondCost) = try await Self.statements(h) { try await h.request(.get, path, token: token) }
            #expect(firstCost == 2)
            #expect(secondCost == 1)
            #expect(first.text == second.text)
            // Another account's request reads the same registry version and gets the same page.
            let (other, _) = try await h.loginByWeChat("user-other-repeater")
            let (third, thirdCost) = try await Self.statements(h) { try await h.request(.get, path, token: other) }
            #expect(thirdCost == 1)
            #expect(third.text == first.text)
            // The next page, other filters and other limits are pages of their own.
            let next = try #require(first.json["nextCursor"] as? String)
            let (page2, page2Cost) = try await Self.statements(h) { try await h.request(.get, path + "&cursor=\(next)", token: token) }
            #expect(page2Cost == 2)
            #expect(Self.names(page2) == ["华中科技大学同济医学院附属协和医院"])
            let (wider, widerCost) = try await Self.statements(h) { try await h.request(.get, "/api/v1/institutions?q=\(Self.q("协和"))&limit=3", token: token) }
            #expect(widerCost == 2)
            #expect(Self.names(wider).count == 3)
        }
    }

    /// Changes committed by anyone — another instance, a script, psql — are seen by the next search,
    /// because the version moves in the database, not in this process.
    @Test func aChangeCommittedAnywhereIsSeenByTheNextSearch() async throws {
        try await AppHarness.run { h in
            try await Self.seed(h)
            let (token, _) = try await h.loginByWeChat("user-watcher")
            let path = "/api/v1/institutions?q=\(Self.q("协和"))"
            #expect(Self.names(try await h.request(.get, path, token: token)) == ["协和医院", "协和医院西院", "华中科技大学同济医学院附属协和医院"])
            #expect(Self.names(try await h.request(.get, path, token: token)).count == 3)  // cached now

            try await h.database.execute("UPDATE institutions.institutions SET name = '协和医院东院' WHERE name = '协和医院西院'")
            #expect(Self.names(try await h.request(.get, path, token: token)) == ["协和医院", "协和医院东院", "华中科技大学同济医学院附属协和医院"])
            try await h.database.execute("UPDATE institutions.institutions SET status = 'inactive' WHERE name = '协和医院'")
            #expect(Self.names(try await h.request(.get, path, token: token)) == ["协和医院东院", "华中科技大学同济医学院附属协和医院"])
            _ = try await TestInstitutions.create("协和", serial: 1100, in: h.database)
            #expect(Self.names(try await h.request(.get, path, token: token)).first == "协和")
            try await h.database.execute("DELETE FROM institutions.institutions WHERE name = '协和'")
            #expect(Self.names(try await h.request(.get, path, token: token)) == ["协和医院东院", "华中科技大学同济医学院附属协和医院"])
        }
    }

    /// The version moves when a change commits (not before: a reader would cache the old rows under the
    /// new version), once per transaction however many rows it changes, and not for a rollback.
    @Test func theVersionMovesOncePerCommittedTransaction() async throws {
        try await AppHarness.run { h in
            try await Self.seed(h)
            func version() async throws -> Int64 {
                try await h.database.query("SELECT version FROM institutions.registry_version")[0].decode(Int64.self, "version")
            }
            let start = try await version()
            try await h.database.transaction { connection in
                try await connection.execute("UPDATE institutions.institutions SET address = address || '。'")
                try await connection.execute("UPDATE institutions.institutions SET address = address || '。' WHERE category = 'A'")
                // Seen from another connection, nothing has happened yet.
                #expect(try await version() == start)
            }
            #expect(try await version() == start + 1)
            struct Abandon: Error {}
            await #expect(throws: Abandon.self) {
                try await h.database.transaction { connection in
                    try await connection.execute("UPDATE institutions.institutions SET address = 'x'")
                    throw Abandon()
                }
            }
            #expect(try await version() == start + 1)
            // Rotating a code is a change of the row too; the cache does not need it, but it costs nothing.
            try await h.database.execute("UPDATE institutions.institutions SET region = region WHERE name = '协和医院'")
            #expect(try await version() == start + 2)
        }
    }

    @Test func withTheCacheOffEverySearchQueries() async throws {
        try await AppHarness.run(environment: ["INSTITUTION_SEARCH_CACHE_ENTRIES": "0"]) { h in
            try await Self.seed(h)
            let (token, _) = try await h.loginByWeChat("user-uncached")
            let path = "/api/v1/institutions?q=\(Self.q("协和"))"
            for _ in 0..<2 {
                let (found, cost) = try await Self.statements(h) { try await h.request(.get, path, token: token) }
                #expect(cost == 2)
                #expect(Self.names(found).count == 3)
            }
        }
    }

    static func key(_ text: String) -> SearchCache.Key {
        SearchCache.Key(query: InstitutionQuery(text: text, usccPrefix: nil, bigrams: nil, region: nil, category: nil), limit: 20, cursor: nil)
    }

    static func page(_ marker: String) -> SearchCache.Page {
        SearchCache.Page(items: [], next: SearchCursor(rank: 2, key: 0, name: marker, id: UUID()))
    }

    @Test func aRequestThatReadAnOlderVersionNeitherReadsNorStores() {
        let cache = SearchCache(capacity: 10, metrics: NOOPMetricsHandler.instance)
        cache.store(Self.page("v2"), for: Self.key("协和"), version: 2)
        #expect(cache.page(for: Self.key("协和"), version: 2)?.next?.name == "v2")
        // Started before version 2 committed: its result may predate the change.
        #expect(cache.page(for: Self.key("协和"), version: 1) == nil)
        cache.store(Self.page("v1"), for: Self.key("协和"), version: 1)
        #expect(cache.page(for: Self.key("协和"), version: 2)?.next?.name == "v2")
        // A newer version drops everything stored before it.
        #expect(cache.page(for: Self.key("协和"), version: 3) == nil)
        #expect(cache.count == 0)
    }

    @Test func theCacheKeepsAtMostItsCapacityAndKeepsWhatIsUsed() {
        let cache = SearchCache(capacity: 4, metrics: NOOPMetricsHandler.instance)
        for text in ["一", "二"] { cache.store(Self.page(text), for: Self.key(text), version: 1) }
        cache.store(Self.page("三"), for: Self.key("三"), version: 1)  // "一", "二" become the older half
        #expect(cache.page(for: Self.key("一"), version: 1) != nil)  // used: moved back into the newer half
        cache.store(Self.page("四"), for: Self.key("四"), version: 1)  // the older half, with "二" in it, goes
        #expect(cache.page(for: Self.key("二"), version: 1) == nil)
        #expect(cache.page(for: Self.key("一"), version: 1)?.next?.name == "一")
        for text in ["五", "六", "七"] { cache.store(Self.page(text), for: Self.key(text), version: 1) }
        #expect(cache.count <= 4)
        #expect(cache.page(for: Self.key("七"), version: 1)?.next?.name == "七")
        let off = SearchCache(capacity: 0, metrics: NOOPMetricsHandler.instance)
        off.store(Self.page("一"), for: Self.key("一"), version: 1)
        #expect(off.count == 0)
    }
}
