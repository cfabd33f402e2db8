import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization
import Web

/// What the executable hands each feature module for its candidate pages, under `/m` (issue 28), in the
/// console's shape (`ConsoleRoutes`):
/// - `open`: no session needed (signing in, the home); forms carry the pre-session CSRF token;
/// - `signedIn`: any signed-in account (a visitor is sent to the phone form).
/// Every response carries the console's security headers; every POST must carry the CSRF token (403).
/// Pages call the same services as the API: no rule has a second implementation here.
public struct MobileRoutes {
    public let open: RouterGroup<AppRequestContext>
    public let signedIn: RouterGroup<AppRequestContext>
    public let layout: MobileLayout
    /// The home page's entries, to which each module adds its pages.
    public let home: MobileHome

    public init(
        on router: some RouterMethods<AppRequestContext>, home: MobileHome, authenticator: any Authenticator, keys: any ConsoleKeySource,
        unreadMessages: (any UnreadMessages)? = nil, logger: Logger
    ) throws {
        let layout = try MobileLayout(unreadMessages: unreadMessages)
        let mobile = router.group(RouterPath(MobilePaths.home.mount))
        self.layout = layout
        self.home = home
        mobile.get(MobilePaths.asset.route) { _, context in
            guard let name = context.parameters.get("name"), let response = MobileAssets.response(for: name) else {
                return Response(status: .notFound)
            }
            return response
        }
        open = mobile.group().add(middleware: ConsoleMiddleware(surface: .mobile, authenticator: authenticator, keys: keys, requireSession: false, frame: layout, logger: logger))
        signedIn = mobile.group().add(middleware: ConsoleMiddleware(surface: .mobile, authenticator: authenticator, keys: keys, requireSession: true, frame: layout, logger: logger))
    }

    /// The signed-in home: every entry the modules added, each with what it says about the caller now
    /// (认证状态, 绑定的单位, 申报状态…).
    public func homePage(context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let model = try await home.model(for: caller)
        return layout.page("首页", body: layout.templates.render("home", model), context: context)
    }
}

/// The home page's entries, grouped as the guides group them: 业务办理 and 个人中心.
public final class MobileHome: Sendable {
    public enum Section: Int, Sendable, CaseIterable {
        /// 实名认证, 工作单位, 试用期申报, 信息确认.
        case services
        /// 个人信息, 我的地址, 授权访问消息.
        case personal

        var title: String {
            switch self {
            case .services: "业务办理"
            case .personal: "个人中心"
            }
        }
    }

    /// What an entry says about the caller under its label ("已认证", "已绑定：协和医院"); nil for nothing.
    public typealias Summary = @Sendable (Caller) async throws -> String?

    struct Entry: Sendable {
        let section: Section
        let order: Int
        let label: String
        let href: String
        let id: String
        let summary: Summary?
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// Adds a page to the home: `order` sorts within the section (the guides' order: 10 实名认证,
    /// 20 工作单位, 30 试用期申报, 40 信息确认; 10 个人信息, 20 我的地址, 30 消息); `id` names the link for
    /// tests and scripts (`home-verification`).
    public func add(_ label: String, at path: RoutePath, section: Section, order: Int, id: String, summary: Summary? = nil) {
        entries.withLock { $0.append(Entry(section: section, order: order, label: label, href: path.link(), id: id, summary: summary)) }
    }

    struct Model {
        struct Link {
            let label: String
            let href: String
            let id: String
            let summary: String?
        }

        struct Group {
            let title: String
            let links: [Link]
        }

        let sections: [Group]
    }

    func model(for caller: Caller) async throws -> Model {
        let all = entries.withLock { $0 }.sorted { ($0.section.rawValue, $0.order) < ($1.section.rawValue, $1.order) }
        var groups: [Model.Group] = []
        for section in Section.allCases {
            var links: [Model.Link] = []
            for entry in all where entry.section == section {
                links.append(Model.Link(label: entry.label, href: entry.href, id: entry.id, summary: try await entry.summary?(caller)))
            }
            if !links.isEmpty { groups.append(Model.Group(title: section.title, links: links)) }
        }
        return Model(sections: groups)
    }
}
