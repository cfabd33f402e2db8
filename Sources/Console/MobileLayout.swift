import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import LibCrypto
import NIOCore
import Web

/// The layout every candidate page shares (issue 28): made for a phone first (one column, large
/// touch targets, nothing wider than the screen at 390 px or at 200 % zoom), the page's title, a way
/// back, the caller's messages with their unread count, sign-out. No script: every page works as
/// plain HTML forms.
public struct MobileLayout: PageFrame {
    let templates: ConsoleTemplates
    /// The unread count in the header, from the authenticating statement's row: no statement.
    let unreadMessages: (any UnreadMessages)?

    public init(unreadMessages: (any UnreadMessages)? = nil) throws {
        templates = try ConsoleTemplates(["mobileLayout": Self.layout, "mobileMessage": Self.message, "home": Self.home])
        self.unreadMessages = unreadMessages
    }

    struct LayoutModel {
        struct Link {
            let label: String
            let href: String
        }

        let title: String
        let body: String
        let stylesheet: String
        let home: String
        let logout: String
        let back: Link?
        let messages: Messages?
        let signedIn: Bool
        let csrf: String

        struct Messages {
            let href: String
            let unread: Int
            let hasUnread: Bool
        }
    }

    /// A page of `body` (already rendered HTML) titled `title`; `back` is the link above the title
    /// (the page this one was reached from; the home when nil and the page is not the home).
    public func page(
        _ title: String, body: String, context: AppRequestContext, status: HTTPResponse.Status = .ok, back: (label: String, href: String)? = nil
    ) -> ConsolePage {
        let messages = context.caller.flatMap { caller in
            unreadMessages?.preloadedUnreadCount(of: caller).map { LayoutModel.Messages(href: MobilePaths.messages.link(), unread: $0, hasUnread: $0 > 0) }
        }
        let home = MobilePaths.home.link()
        let backLink = back.map { LayoutModel.Link(label: $0.label, href: $0.href) }
            ?? (context.caller != nil && title != "首页" ? LayoutModel.Link(label: "首页", href: home) : nil)
        let model = LayoutModel(
            title: title, body: body, stylesheet: MobileAssets.stylesheetPath, home: home, logout: MobilePaths.logout.link(), back: backLink,
            messages: messages, signedIn: context.caller != nil, csrf: context.consoleCSRF ?? ""
        )
        return ConsolePage(status: status, html: templates.render("mobileLayout", model))
    }

    /// A page that only says something: an error, a refusal, a confirmation.
    public func message(
        _ title: String, text: String, link: (label: String, href: String)? = nil, context: AppRequestContext, status: HTTPResponse.Status
    ) -> ConsolePage {
        let model = ConsoleLayout.MessageModel(title: title, text: text, link: link.map { ConsoleLayout.MessageModel.Link(label: $0.label, href: $0.href) })
        return page(title, body: templates.render("mobileMessage", model), context: context, status: status)
    }

    static let layout = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="format-detection" content="telephone=no">
        <title>{{title}} · 湖北卫生人才综合服务平台</title>
        <link rel="stylesheet" href="{{stylesheet}}">
        </head>
        <body class="m">
        <header class="bar">
          <a class="brand" href="{{home}}">湖北卫生人才</a>
          {{#signedIn}}
          {{#messages}}<a class="messages" href="{{href}}" id="messages-link" aria-label="消息，{{unread}}条未读">消息{{#hasUnread}} <span class="badge" id="unread-count">{{unread}}</span>{{/hasUnread}}</a>{{/messages}}
          <form method="post" action="{{logout}}" class="signout">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit" id="sign-out">退出</button>
          </form>
          {{/signedIn}}
        </header>
        <main>
        {{#back}}<p class="back"><a href="{{href}}" id="back-link">‹ {{label}}</a></p>{{/back}}
        {{{body}}}
        </main>
        </body>
        </html>
        """

    static let message = """
        <section class="card message">
          <h1>{{title}}</h1>
          <p>{{text}}</p>
          {{#link}}<p><a class="button" href="{{href}}">{{label}}</a></p>{{/link}}
        </section>
        """

    static let home = """
        <h1 class="visually-hidden">首页</h1>
        {{#sections}}
        <section class="card">
          <h2>{{title}}</h2>
          <ul class="menu">
          {{#links}}<li><a href="{{href}}" id="{{id}}"><span class="label">{{label}}</span>{{#summary}}<span class="summary">{{summary}}</span>{{/summary}}</a></li>{{/links}}
          </ul>
        </section>
        {{/sections}}
        """
}

/// The candidate pages' stylesheet, carried in the binary and served under a content-hashed name
/// (cached for a year), as the console's is.
public enum MobileAssets {
    /// Sizes in rem so that 200 % zoom scales everything; every control at least 44 px high (2.75rem
    /// at 16 px); one column; long values (document numbers, unit names) wrap instead of widening the
    /// page.
    static let stylesheet = """
        :root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #0b6e4f; --warn: #b42318; --bg: #f5f7fa; --required: #d92d20; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; font: 1rem/1.6 "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: var(--bg); overflow-wrap: anywhere; }
        header.bar { position: sticky; top: 0; z-index: 1; display: flex; align-items: center; gap: .5rem; padding: 0 .75rem; min-height: 3rem; background: var(--accent); color: #fff; }
        header.bar a { color: #fff; text-decoration: none; display: inline-flex; align-items: center; min-height: 2.75rem; padding: 0 .25rem; }
        header.bar .brand { font-weight: 600; margin-right: auto; }
        header.bar .badge { display: inline-block; min-width: 1.3em; padding: 0 .35em; margin-left: .25em; border-radius: .65em; background: #fff; color: var(--warn); font-size: .85em; text-align: center; }
        header.bar .signout { margin: 0; display: flex; }
        header.bar .signout button { min-height: 2.75rem; margin: 0; background: transparent; color: #fff; border: 0; padding: 0 .25rem; font: inherit; font-weight: 400; cursor: pointer; width: auto; }
        main { max-width: 40rem; margin: 0 auto; padding: .75rem .75rem 2rem; }
        h1 { font-size: 1.3rem; margin: .25rem 0 .75rem; }
        h2 { font-size: 1.1rem; margin: 1rem 0 .5rem; }
        h3 { font-size: 1rem; margin: .75rem 0 .4rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .back { margin: 0 0 .25rem; }
        .back a { display: inline-flex; align-items: center; min-height: 2.75rem; color: var(--accent); text-decoration: none; }
        .card, section.card, fieldset { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .9rem 1rem; margin: 0 0 .9rem; }
        .card > h2:first-child, .card > h1:first-child { margin-top: 0; }
        fieldset { min-width: 0; }
        legend { font-weight: 600; padding: 0 .3rem; }
        ul.menu { list-style: none; margin: 0; padding: 0; }
        ul.menu li + li { border-top: 1px solid var(--line); }
        ul.menu a { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .25rem .75rem; min-height: 3rem; padding: .5rem 0; color: var(--ink); text-decoration: none; }
        ul.menu a::after { content: "›"; color: var(--muted); }
        ul.menu .summary { color: var(--muted); font-size: .9em; margin-left: auto; }
        label, .label-text { display: block; font-weight: 600; margin: .8rem 0 .3rem; }
        label.choice { display: flex; align-items: center; gap: .6rem; font-weight: 400; min-height: 2.75rem; margin: 0; }
        label.choice input { width: 1.4rem; height: 1.4rem; min-height: 0; flex: none; margin: 0; }
        .required::after, abbr.required { color: var(--required); text-decoration: none; }
        .required::after { content: " *"; }
        input, select, textarea { display: block; width: 100%; min-height: 2.75rem; font: inherit; padding: .5rem .65rem; border: 1px solid #9fb3c8; border-radius: .4rem; background: #fff; color: var(--ink); }
        textarea { min-height: 6rem; }
        input[type=file] { padding: .6rem .5rem; }
        input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true] { border-color: var(--warn); }
        .hint { color: var(--muted); font-size: .9em; margin: .25rem 0 0; }
        .field-error, .error { color: var(--warn); }
        .field-error { display: block; font-size: .92em; margin: .25rem 0 0; }
        .errors { border: 1px solid var(--warn); background: #fef3f2; border-radius: .4rem; padding: .6rem .9rem; margin: 0 0 .9rem; color: var(--warn); }
        .notice { padding: .6rem .9rem; border-radius: .4rem; background: #e3f8ef; border: 1px solid #a3e2c6; margin: 0 0 .9rem; }
        .muted { color: var(--muted); }
        button, .button { display: flex; align-items: center; justify-content: center; width: 100%; min-height: 2.75rem; margin: .75rem 0 0; padding: .5rem 1rem; font: inherit; font-weight: 600; border-radius: .4rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; text-align: center; }
        button.secondary, .button.secondary { background: #fff; color: var(--accent); }
        button.danger, .button.danger { background: #fff; color: var(--warn); border-color: var(--warn); }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; }
        .actions > * { flex: 1 1 9rem; }
        .actions form { margin: 0; }
        dl.fields { margin: 0; display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: .35rem .75rem; }
        dl.fields dt { color: var(--muted); }
        dl.fields dd { margin: 0; }
        .status { display: inline-block; padding: .1rem .55rem; border-radius: 1rem; font-size: .9em; background: #e4e7eb; }
        .status.ok { background: #e3f8ef; color: #05603a; }
        .status.waiting { background: #fff4e5; color: #93370d; }
        .status.refused { background: #fef3f2; color: var(--warn); }
        ol.steps { display: flex; list-style: none; padding: 0; margin: 0 0 .75rem; gap: .25rem; font-size: .85em; color: var(--muted); }
        ol.steps li { flex: 1; text-align: center; border-bottom: 3px solid var(--line); padding-bottom: .2rem; }
        ol.steps li.current { color: var(--accent); border-color: var(--accent); font-weight: 600; }
        ol.steps li.done { border-color: #a3e2c6; }
        figure.photo { margin: .5rem 0; }
        figure.photo img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: .3rem; }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: left; padding: .4rem .3rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        ul.list { list-style: none; margin: 0; padding: 0; }
        ul.list > li { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin: 0 0 .6rem; }
        ul.list > li.unread { border-left: 4px solid var(--accent); }
        ins { background: #e3f8ef; text-decoration: none; }
        del { background: #fef3f2; }
        @media (min-width: 48rem) { main { padding-top: 1.5rem; } }
        /* 试用期申报 (TrialPeriod): a form's hidden default button (Enter saves) stays hidden; entries and uploads. */
        button[hidden] { display: none; }
        .entry { background: var(--bg); }
        .upload { margin: .5rem 0 .75rem; }
        ol.timeline { margin: 0; padding-left: 1.2rem; }
        """

    static let stylesheetHash = String(Hex.encode(SHA256.hash(Array(stylesheet.utf8))).prefix(16))

    /// Where pages link the stylesheet.
    public static let stylesheetPath = MobilePaths.asset.link("mobile-\(stylesheetHash).css")

    static func response(for name: String) -> Response? {
        guard name == "mobile-\(stylesheetHash).css" else { return nil }
        return Response(
            status: .ok,
            headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=31536000, immutable"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: stylesheet))
        )
    }
}
