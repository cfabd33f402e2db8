import Contracts
import Web

/// One page of a console list, ready for a template: its rows, the sentence shown when there are none,
/// counts (each a link), and the link to the next page keeping the list's filters. Every list page builds
/// one from the service's `Page` and renders it with the shared partials (`ConsoleList.partials`):
///
/// ```
/// {{#list}}{{> list-counts}}{{> list-empty}}{{^isEmpty}}<table>…{{#rows}}…{{/rows}}</table>{{/isEmpty}}{{> list-next}}{{/list}}
/// ```
///
/// Stored properties only: templates read values through reflection, which does not see computed ones.
public struct ConsoleList<Row: Sendable>: Sendable {
    public let rows: [Row]
    public let isEmpty: Bool
    public let emptyText: String
    public let counts: [Count]
    public let hasCounts: Bool
    /// The next page: the list's own link with its filters and the cursor; nil on the last page.
    public let next: String?
    public let nextLabel: String
    /// The filters as they are in the links (for an export link of "what I am looking at").
    public let filters: QueryString

    /// One count above a list: a status and how many are in it, linking to the list of those.
    public struct Count: Sendable {
        public let label: String
        public let count: Int
        public let href: String
        public let current: Bool

        public init(label: String, count: Int, href: String, current: Bool = false) {
            self.label = label
            self.count = count
            self.href = href
            self.current = current
        }
    }

    /// - Parameters:
    ///   - page: the service's page; its `nextCursor` becomes the `cursor` of the next link.
    ///   - filters: the list's filters as they go in its links (unset ones left out).
    ///   - link: the list's path with a query (`{ ReviewPaths.list.link(unit, query: $0) }`).
    public init<Item>(
        _ page: Page<Item>, filters: QueryString, link: (QueryString) -> String, emptyText: String,
        counts: [Count] = [], nextLabel: String = "下一页", row: (Item) throws -> Row
    ) rethrows {
        rows = try page.items.map(row)
        isEmpty = rows.isEmpty
        self.emptyText = emptyText
        self.counts = counts
        hasCounts = !counts.isEmpty
        next = page.nextCursor.map { link(filters.setting("cursor", $0)) }
        self.nextLabel = nextLabel
        self.filters = filters.removing("cursor")
    }

    /// The partials every list template uses, registered in every module's `ConsoleTemplates`.
    public static var partials: [String: String] {
        [
            "list-counts": """
                {{#hasCounts}}<ul class="counts">{{#counts}}<li{{#current}} class="current"{{/current}}><a href="{{href}}">{{label}}</a><br><strong>{{count}}</strong></li>{{/counts}}</ul>{{/hasCounts}}
                """,
            "list-empty": """
                {{#isEmpty}}<p class="muted">{{emptyText}}</p>{{/isEmpty}}
                """,
            "list-next": """
                {{#next}}<p><a class="button secondary" href="{{next}}" id="next-page">{{nextLabel}}</a></p>{{/next}}
                """,
        ]
    }
}

/// One choice of a list's filter (`<option>`): its code, label, and whether it is the current one.
public struct ConsoleOption: Sendable {
    public let code: String
    public let label: String
    public let selected: Bool

    public init(code: String, label: String, selected: Bool) {
        self.code = code
        self.label = label
        self.selected = selected
    }

    /// Every case of a coded list, the current one selected.
    public static func all<Code: CaseIterable & RawRepresentable>(
        _ type: Code.Type, selected: Code?, label: (Code) -> String
    ) -> [ConsoleOption] where Code.RawValue == String, Code: Equatable {
        type.allCases.map { ConsoleOption(code: $0.rawValue, label: label($0), selected: $0 == selected) }
    }
}
