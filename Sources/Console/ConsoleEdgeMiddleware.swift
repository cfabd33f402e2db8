import Contracts
import HTTPTypes
import Hummingbird
import Web

/// Everything under `/console` is the console's (and everything under `/m` the candidate pages'), also what no console route answers: an unknown path
/// or a wrong method is a console page (never the API's JSON), and every answer there, the stylesheet
/// included, carries the console's security headers. Added to the whole router before any route, so
/// it also wraps the router's not-found answer; the route groups' `ConsoleMiddleware` renders what
/// their pages throw, so this one sees only what the router itself refuses.
public struct ConsoleEdgeMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    let layout: ConsoleLayout
    let mobileLayout: MobileLayout
    let routes: RouteTable

    /// `navigation`: the console's menu, the same the route groups show.
    public init(routes: RouteTable, navigation: ConsoleNavigation) throws {
        layout = try ConsoleLayout(navigation: navigation)
        mobileLayout = try MobileLayout()
        self.routes = routes
    }

    static func isConsole(_ path: String) -> Bool {
        let mount = ConsolePaths.home.mount
        return path == mount || path.hasPrefix(mount + "/")
    }

    static func isMobile(_ path: String) -> Bool {
        let mount = MobilePaths.home.mount
        return path == mount || path.hasPrefix(mount + "/")
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let mobile = Self.isMobile(request.uri.path)
        guard mobile || Self.isConsole(request.uri.path) else { return try await next(request, context) }
        let frame: any PageFrame = mobile ? mobileLayout : layout
        let home = mobile ? MobilePaths.home.link() : ConsolePaths.home.link()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound || error.status == .methodNotAllowed {
            let allowed = routes.methods(matching: request.uri.path)
            if allowed.isEmpty {
                response = try frame.message("未找到", text: "未找到该页面，或您无权查看。", link: ("返回首页", home), context: context, status: .notFound)
                    .response(from: request, context: context)
            } else {
                response = try frame.message(
                    "不支持该请求方法", text: "该页面不支持此操作，请从页面上的链接或按钮进入。", link: ("返回首页", home), context: context,
                    status: .methodNotAllowed
                ).response(from: request, context: context)
                response.headers[.allow] = (allowed.map(\.rawValue) + (allowed.contains(.get) ? ["HEAD"] : [])).joined(separator: ", ")
            }
            if request.method == .head { response = response.createHeadResponse() }
        }
        for field in ConsoleMiddleware.securityHeaders where response.headers[field.name] == nil {
            response.headers[field.name] = field.value
        }
        return response
    }
}
