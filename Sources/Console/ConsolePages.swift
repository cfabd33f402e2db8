import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import Synchronization
import Web

/// Renders a module's Mustache templates inside the shared layout. Each feature module keeps its
/// templates in its own code (string literals: the binary carries everything it serves) and hands them
/// to `ConsoleTemplates`; `{{…}}` escapes HTML, so output is escaped unless a template says `{{{…}}}`,
/// which only the layout uses, for a body this renderer produced itself.
public struct ConsoleTemplates: Sendable {
    let library: MustacheLibrary

    /// Parses every template now, so a broken one stops the server at start, not a page at run time.
    /// The shared partials (`ConsoleList.partials`) are registered alongside.
    public init(_ templates: [String: String]) throws {
        var library = MustacheLibrary()
        for (name, text) in ConsoleList<Never>.partials { try library.register(text, named: name) }
        for (name, text) in templates { try library.register(text, named: name) }
        self.library = library
    }

    public func render(_ name: String, _ object: Any) -> String {
        guard let html = library.render(object, withTemplate: name) else {
            preconditionFailure("console template \(name) is not registered")  // a programming error, caught by tests
        }
        return html
    }
}

/// A whole page: the layout around a body.
public struct ConsolePage: ResponseGenerator {
    public var status: HTTPResponse.Status
    public var html: String
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status = .ok, html: String, headers: HTTPFields = [:]) {
        self.status = status
        self.html = html
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A redirect after a form (303: the browser follows with GET).
    public static func redirect(to location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        fields[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: fields)
    }
}

/// The platform administrators' menu: each module adds its pages when it registers them, in the order
/// the application registers the modules.
public final class ConsoleNavigation: Sendable {
    struct Item: Sendable {
        let label: String
        let href: String
    }

    private let items = Mutex<[Item]>([])

    public init() {}

    public func addPlatformPage(_ label: String, at path: RoutePath) {
        items.withLock { $0.append(Item(label: label, href: path.link())) }
    }

    var platformPages: [Item] { items.withLock { $0 } }
}

/// The layout every console page shares: title, navigation for the caller's roles, the caller's
/// messages with their unread count, sign-out.
public struct ConsoleLayout: PageFrame {
    let templates: ConsoleTemplates
    public let navigation: ConsoleNavigation
    /// The unread count in the header (issue 27), from the authenticating statement's row: no statement.
    let unreadMessages: (any UnreadMessages)?

    /// Throws if the layout's own templates do not parse (the server then does not start).
    public init(navigation: ConsoleNavigation = ConsoleNavigation(), unreadMessages: (any UnreadMessages)? = nil) throws {
        templates = try ConsoleTemplates(["layout": Self.layout, "message": Self.message])
        self.navigation = navigation
        self.unreadMessages = unreadMessages
    }

    struct LayoutModel {
        let title: String
        let body: String
        let stylesheet: String
        let home: String
        let logout: String
        let navigation: [ConsoleNavigation.Item]
        let messages: Messages?
        let signedIn: Bool
        let csrf: String

        /// The header's link to the caller's messages, with the unread count.
        struct Messages {
            let href: String
            let unread: Int
        }
    }

    struct MessageModel {
        struct Link {
            let label: String
            let href: String
        }

        let title: String
        let text: String
        let link: Link?
    }

    /// A page of `body` (already rendered HTML) titled `title`, for the caller on `context`.
    public func page(_ title: String, body: String, context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        var items: [ConsoleNavigation.Item] = []
        if let caller = context.caller {
            items.append(ConsoleNavigation.Item(label: "首页", href: ConsolePaths.home.link()))
            if caller.isPlatformAdmin { items += navigation.platformPages }
        }
        let messages = context.caller.flatMap { caller in
            unreadMessages?.preloadedUnreadCount(of: caller).map { LayoutModel.Messages(href: ConsolePaths.messages.link(), unread: $0) }
        }
        let model = LayoutModel(
            title: title, body: body, stylesheet: ConsoleAssets.stylesheetPath, home: ConsolePaths.home.link(),
            logout: ConsolePaths.logout.link(), navigation: items, messages: messages, signedIn: context.caller != nil, csrf: context.consoleCSRF ?? ""
        )
        return ConsolePage(status: status, html: templates.render("layout", model))
    }

    /// A page that only says something: an error, a refusal, a confirmation.
    public func message(_ title: String, text: String, link: (label: String, href: String)? = nil, context: AppRequestContext, status: HTTPResponse.Status) -> ConsolePage {
        let model = MessageModel(title: title, text: text, link: link.map { MessageModel.Link(label: $0.label, href: $0.href) })
        return page(title, body: templates.render("message", model), context: context, status: status)
    }

    static let layout = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · 湖北卫生人才综合服务平台</title>
        <link rel="stylesheet" href="{{stylesheet}}">
        </head>
        <body>
        <header class="top">
          <a class="brand" href="{{home}}">湖北卫生人才综合服务平台 · 管理端</a>
          {{#signedIn}}
          <nav>{{#navigation}}<a href="{{href}}">{{label}}</a>{{/navigation}}{{#messages}}<a href="{{href}}" id="messages-link">消息 <span class="badge" id="unread-count">{{unread}}</span></a>{{/messages}}</nav>
          <form method="post" action="{{logout}}" class="signout">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit">退出登录</button>
          </form>
          {{/signedIn}}
        </header>
        <main>
        {{{body}}}
        </main>
        </body>
        </html>
        """

    static let message = """
        <section class="message">
          <h1>{{title}}</h1>
          <p>{{text}}</p>
          {{#link}}<p><a href="{{href}}">{{label}}</a></p>{{/link}}
        </section>
        """
}

/// How pages show instants: China time to the minute, `2026-11-24 09:30`.
public enum ConsoleFormat {
    /// An instant as a `datetime-local` input holds it, China time: `2026-11-24T09:30`.
    public static func localInput(_ date: Date) -> String {
        minute(date).replacingOccurrences(of: " ", with: "T")
    }

    /// A `datetime-local` value (`2026-11-24T09:30`, seconds allowed) read as China time; nil if it is not one.
    public static func instant(fromLocalInput text: String) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, let day = CalendarDate(String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":")
        guard (2...3).contains(clock.count), let hour = Int(clock[0]), let minute = Int(clock[1]),
              (0..<24).contains(hour), (0..<60).contains(minute), clock[0].count == 2, clock[1].count == 2
        else { return nil }
        var seconds = 0
        if clock.count == 3 {
            guard let value = Int(clock[2]), (0..<60).contains(value) else { return nil }
            seconds = value
        }
        guard let epoch = CalendarDate(year: 1970, month: 1, day: 1) else { return nil }
        let days = epoch.daysUntil(day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + seconds - 8 * 3600))
    }

    public static func minute(_ date: Date) -> String {
        let day = CalendarDate(inChina: date)
        let seconds = Int((date.timeIntervalSince1970 + 8 * 3600).rounded(.down))
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day) \(two(ofDay / 3600)):\(two(ofDay % 3600 / 60))"
    }
}
