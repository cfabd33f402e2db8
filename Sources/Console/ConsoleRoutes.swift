import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Web

/// What the executable hands each feature module for its console pages, under `/console`:
/// - `open`: no session needed (signing in); forms carry the pre-session CSRF token;
/// - `signedIn`: a unit or platform administrator's session (anyone else is sent to sign in);
/// - `platformAdmin`: `/console/platform/…`, platform administrators only (403 page otherwise);
/// - `unit`: `/console/units/:institutionId/…`, that unit's administrators only (404 page otherwise).
/// Every response carries the console's security headers; every POST must carry the CSRF token (403).
public struct ConsoleRoutes {
    public let open: RouterGroup<AppRequestContext>
    public let signedIn: RouterGroup<AppRequestContext>
    public let platformAdmin: RouterGroup<AppRequestContext>
    public let layout: ConsoleLayout
    /// What each module shows on a unit's home page.
    public let dashboard = UnitDashboard()

    /// The platform administrators' menu, to which each module adds its pages.
    public var navigation: ConsoleNavigation { layout.navigation }

    public init(
        on router: some RouterMethods<AppRequestContext>, navigation: ConsoleNavigation, authenticator: any Authenticator, keys: any ConsoleKeySource,
        unreadMessages: (any UnreadMessages)? = nil, logger: Logger
    ) throws {
        let layout = try ConsoleLayout(navigation: navigation, unreadMessages: unreadMessages)
        let console = router.group(RouterPath(ConsolePaths.home.mount))
        self.layout = layout
        console.get(ConsolePaths.asset.route) { _, context in
            guard let name = context.parameters.get("name"), let response = ConsoleAssets.response(for: name) else {
                return Response(status: .notFound)
            }
            return response
        }
        open = console.group().add(middleware: ConsoleMiddleware(surface: .console, authenticator: authenticator, keys: keys, requireSession: false, frame: layout, logger: logger))
        signedIn = console.group().add(middleware: ConsoleMiddleware(surface: .console, authenticator: authenticator, keys: keys, requireSession: true, frame: layout, logger: logger))
        platformAdmin = signedIn.group("/platform").add(middleware: PlatformAdminMiddleware())
    }

    /// Pages under `/console/units/:institutionId` for that unit's administrators.
    public func unit(_ path: RouterPath = "/units/:institutionId") -> RouterGroup<AppRequestContext> {
        signedIn.group(path).add(middleware: UnitAdminMiddleware(institutionParameter: "institutionId"))
    }
}

/// Whether a caller may use the console at all: unit and platform administrators.
extension Caller {
    public var mayUseConsole: Bool { roles.contains { $0.kind == .platformAdmin || $0.kind == .unitAdmin } }
}

/// Which pages a `ConsoleMiddleware` guards: the administrators' console (`/console`) or the
/// candidates' pages (`/m`, issue 28). Both work the same way (docs/adr/0015, 0025); each has its own
/// cookies, scoped to its own path, so a session of one is never sent to the other.
struct PageSurface: Sendable {
    let mount: String
    let sessionCookie: String
    let preSessionCookie: String
    /// Where a visitor goes to sign in, and where a page's "back home" link leads.
    let loginLink: String
    let homeLink: String
    /// Who may hold a session here: the console only administrators, the candidates' pages anyone.
    let admits: @Sendable (Caller) -> Bool

    static let console = PageSurface(
        mount: ConsolePaths.home.mount, sessionCookie: ConsoleSession.sessionCookie, preSessionCookie: ConsoleSession.preSessionCookie,
        loginLink: ConsolePaths.login.link(), homeLink: ConsolePaths.home.link(), admits: { $0.mayUseConsole }
    )
    static let mobile = PageSurface(
        mount: MobilePaths.home.mount, sessionCookie: MobileSession.sessionCookie, preSessionCookie: MobileSession.preSessionCookie,
        loginLink: MobilePaths.home.link(), homeLink: MobilePaths.home.link(), admits: { _ in true }
    )
}

/// What renders a page that only says something (an error, a refusal) in a surface's own layout.
protocol PageFrame: Sendable {
    func message(_ title: String, text: String, link: (label: String, href: String)?, context: AppRequestContext, status: HTTPResponse.Status) -> ConsolePage
}

/// Session from the cookie, CSRF on every POST, security headers on every answer, and problems
/// rendered as pages (never problem+json: the console is for people).
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let surface: PageSurface
    let authenticator: any Authenticator
    let keys: any ConsoleKeySource
    let requireSession: Bool
    let frame: any PageFrame
    let logger: Logger

    /// `script-src 'self'` with no inline script; styles only from our stylesheet; images from us
    /// (attachments) and data URIs are not allowed either.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var response: Response
        do {
            response = try await guarded(request, context: &context, next: next)
        } catch let problem as Problem {
            response = try render(problem, context: context).response(from: request, context: context)
        } catch {
            context.logger.error("console page failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            response = try frame.message("出错了", text: "服务暂时不可用，请稍后重试。", link: nil, context: context, status: .internalServerError)
                .response(from: request, context: context)
        }
        for field in Self.securityHeaders { response.headers[field.name] = field.value }
        return response
    }

    private func guarded(_ request: Request, context: inout Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let sessionToken = ConsoleSession.cookie(surface.sessionCookie, in: request.headers)
        if let sessionToken, let caller = try await authenticator.authenticate(bearerToken: sessionToken), surface.admits(caller) {
            context.caller = caller
        }
        var setPreSession: String?
        let secret: String
        if context.caller != nil, let sessionToken {
            secret = sessionToken
        } else if requireSession {
            // A page needing a session: sign in first. A POST from a lapsed session is refused.
            guard request.method == .get || request.method == .head else { throw ConsoleProblems.expired }
            return ConsolePage.redirect(to: surface.loginLink)
        } else {
            // Only a value the server chose: one it did not sign (planted by someone who would then know
            // the forms' token) is replaced, and a POST carrying it fails the token check.
            let key = try await keys.consoleKey()
            if let pre = ConsoleSession.cookie(surface.preSessionCookie, in: request.headers), ConsoleSession.isIssuedPreSession(pre, key: key) {
                secret = pre
            } else {
                let pre = ConsoleSession.newPreSession(key: key)
                setPreSession = pre
                secret = pre
            }
        }
        context.consoleCSRF = ConsoleSession.csrfToken(for: secret)

        if request.method != .get && request.method != .head {
            // Forms are url-encoded, uploads multipart; either way the token must be among the fields.
            // What is not a form at all is the client's mistake (400); a form without the page's token is
            // forged or stale (403); only a form over the limit is too large (413).
            let type = request.headers[.contentType]?.lowercased() ?? ""
            let boundary = MultipartForm.boundary(of: request.headers[.contentType])
            guard type.hasPrefix("application/x-www-form-urlencoded") || boundary != nil else { throw ConsoleProblems.notAForm }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: boundary == nil ? FormBody.maximumBytes : MultipartForm.maximumBytes)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                throw ConsoleProblems.formTooLarge
            } catch {
                throw ConsoleProblems.notAForm
            }
            let token: String?
            if let boundary {
                guard let form = MultipartForm(Array(buffer.readableBytesView), boundary: boundary) else { throw ConsoleProblems.notAForm }
                token = form[ConsoleSession.csrfField]
            } else {
                guard let form = FormBody(encoded: Substring(String(buffer: buffer))) else { throw ConsoleProblems.notAForm }
                token = form[ConsoleSession.csrfField]
            }
            guard ConsoleSession.csrfMatches(token, secret: secret) else { throw ConsoleProblems.expired }
            request.body = RequestBody(buffer: buffer)
        }
        var response = try await next(request, context)
        if let setPreSession {
            response.headers.append(HTTPField(
                name: .setCookie,
                value: ConsoleSession.setCookie(surface.preSessionCookie, value: setPreSession, maxAge: nil, secure: context.viaTLS, path: surface.mount)
            ))
        }
        return response
    }

    private func render(_ problem: Problem, context: Context) -> ConsolePage {
        let status = HTTPResponse.Status(code: problem.status)
        switch problem.status {
        case 404:
            return frame.message("未找到", text: "未找到该页面，或您无权查看。", link: ("返回首页", surface.homeLink), context: context, status: status)
        case 403 where problem.code == "forbidden":
            return frame.message("没有权限", text: "您的账号没有权限执行此操作。", link: ("返回首页", surface.homeLink), context: context, status: status)
        default:
            var text = problem.title
            if let detail = problem.detail { text += "：" + detail }
            if !problem.errors.isEmpty { text += "：" + problem.errors.map(\.message).joined(separator: "；") }
            return frame.message(problem.title, text: text, link: ("返回首页", surface.homeLink), context: context, status: status)
        }
    }
}

extension FormBody {
    /// The form of a console POST (its CSRF token already checked by the middleware).
    public static func read(_ request: Request) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        guard let form = FormBody(encoded: Substring(String(buffer: buffer))) else {
            throw ConsoleProblems.unreadableForm
        }
        return form
    }
}
