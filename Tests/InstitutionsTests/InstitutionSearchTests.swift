import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
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
}
