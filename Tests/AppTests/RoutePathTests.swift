import Console
import Contracts
import Foundation
import Testing
import Web

/// Paths as values: one pattern registers a route and builds its links; lists keep their filters.
@Suite("Paths, queries and list pages")
struct RoutePathTests {
    static let declaration = RoutePath.console("/units/:institutionId/trial-applications/:appId")

    @Test func aLinkFillsTheParametersInOrderUnderTheMount() {
        let unit = InstitutionID(UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!)
        let id = UUID(uuidString: "0E984725-C51C-4BF4-9960-E1C80E27ABA0")!
        #expect(Self.declaration.link(unit, id) == "/console/units/6f9619ff-8b86-d011-b42d-00c04fc964ff/trial-applications/0e984725-c51c-4bf4-9960-e1c80e27aba0")
        #expect(Self.declaration.parameters == ["institutionId", "appId"])
        #expect(Self.declaration.route.description == "/units/{institutionId}/trial-applications/{appId}")  // Hummingbird's spelling
    }

    @Test func aValueIsEscapedAsOneSegmentAndTheQueryFollows() {
        let path = RoutePath.platformConsole("/exports/:name")
        #expect(path.link("a/b c", query: QueryString([("q", "张 三&x=1")])) == "/console/platform/exports/a%2Fb%20c?q=%E5%BC%A0%20%E4%B8%89%26x%3D1")
        #expect(path.link("plain") == "/console/platform/exports/plain")
    }

    @Test func settingReplacesAPairInPlaceAndAddingNilAddsNothing() {
        let query = QueryString([("status", "submitted"), ("level", "physician"), ("status", "x")])
        #expect(query.setting("status", "all").encoded == "status=all&level=physician")
        #expect(query.setting("cursor", "c1").encoded == "status=submitted&level=physician&status=x&cursor=c1")
        #expect(query.adding("q", nil) == query)
        #expect(query.removing("status").encoded == "level=physician")
    }

    @Test func aListLinksToItsNextPageWithItsFiltersAndShowsItsEmptyState() {
        let filters = QueryString([("status", "submitted"), ("q", "王")])
        let link = { (query: QueryString) in Self.declaration.mounted(at: "/console").link(UUID(), UUID(), query: query) }
        let more = ConsoleList(Page(items: [1, 2], nextCursor: "abc"), filters: filters, link: { "/list?" + $0.encoded }, emptyText: "没有。") { "row \($0)" }
        #expect(more.rows == ["row 1", "row 2"])
        #expect(!more.isEmpty)
        #expect(more.next == "/list?status=submitted&q=%E7%8E%8B&cursor=abc")
        let last = ConsoleList(Page<Int>(items: [], nextCursor: nil), filters: filters, link: link, emptyText: "没有。") { "row \($0)" }
        #expect(last.isEmpty)
        #expect(last.next == nil)
        #expect(last.emptyText == "没有。")
    }

    @Test func theSharedListPartialsRenderInEveryModulesTemplates() throws {
        let templates = try ConsoleTemplates(["list": "{{#list}}{{> list-empty}}{{#rows}}<i>{{.}}</i>{{/rows}}{{> list-next}}{{/list}}"])
        let more = ConsoleList(Page(items: ["甲"], nextCursor: "c"), filters: QueryString(), link: { "/l?" + $0.encoded }, emptyText: "无") { $0 }
        struct Model { let list: ConsoleList<String> }
        let html = templates.render("list", Model(list: more))
        #expect(html.contains("<i>甲</i>"))
        #expect(html.contains(#"href="/l?cursor=c" id="next-page">下一页"#))
        #expect(!html.contains("无"))
        let none = ConsoleList(Page<String>(items: [], nextCursor: nil), filters: QueryString(), link: { "/l?" + $0.encoded }, emptyText: "无") { $0 }
        #expect(templates.render("list", Model(list: none)).contains(#"<p class="muted">无</p>"#))
    }
}
