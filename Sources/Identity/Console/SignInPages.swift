import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// The console's sign-in (管理端登录) and sign-out, and its home page: phone, SMS code, session cookie.
/// The same sender, limits and audit as the API's phone login (`SMSCodeSender`, `LoginService`).
struct SignInPages: Sendable {
    let logins: LoginService
    let sender: SMSCodeSender
    let sessions: SessionStore
    let employment: any EmploymentDirectory
    let settings: IdentitySettings
    let templates: ConsoleTemplates
    let layout: ConsoleLayout

    init(
        logins: LoginService, sender: SMSCodeSender, sessions: SessionStore, employment: any EmploymentDirectory, settings: IdentitySettings,
        layout: ConsoleLayout
    ) throws {
        self.logins = logins
        self.sender = sender
        self.sessions = sessions
        self.employment = employment
        self.settings = settings
        self.layout = layout
        templates = try ConsoleTemplates(["signIn": Self.signInTemplate, "home": Self.homeTemplate])
    }

    func register(on console: ConsoleRoutes) {
        console.open.get("/login", use: showSignIn)
        console.open.post("/login/code", use: sendCode)
        console.open.post("/login", use: signIn)
        console.signedIn.post("/logout", use: signOut)
        console.signedIn.get("/", use: home)
    }

    // MARK: Signing in

    struct SignInForm {
        var phone = ""
        var codeSent = false
        var notice: String?
        var error: String?
        var csrf: String
    }

    func signInPage(_ form: SignInForm, context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        layout.page("登录管理端", body: templates.render("signIn", form), context: context, status: status)
    }

    @Sendable func showSignIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.caller != nil { return ConsolePage.redirect(to: "/console/") }
        return try signInPage(SignInForm(csrf: context.consoleCSRF ?? ""), context: context).response(from: request, context: context)
    }

    @Sendable func sendCode(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let form = try await FormBody.read(request)
        var page = SignInForm(phone: form["phone"] ?? "", csrf: context.consoleCSRF ?? "")
        guard let phone = PhoneNumber(page.phone) else {
            page.error = "请输入11位手机号"
            return signInPage(page, context: context, status: .unprocessableContent)
        }
        do {
            _ = try await sender.sendForConsole(to: phone, origin: context.origin)
        } catch let problem as Problem {
            page.error = problem.title
            return signInPage(page, context: context, status: HTTPResponse.Status(code: problem.status))
        }
        page.codeSent = true
        // The same words for every phone: only an administrator's phone really gets a text.
        page.notice = "如该手机号已登记为管理员，验证码已发送至 \(phone.masked)，请查收短信"
        return signInPage(page, context: context)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        var page = SignInForm(phone: form["phone"] ?? "", codeSent: true, csrf: context.consoleCSRF ?? "")
        let code = form["code"] ?? ""
        guard let phone = PhoneNumber(page.phone), SMSCode.isWellFormed(code) else {
            page.error = PhoneNumber(page.phone) == nil ? "请输入11位手机号" : "验证码为6位数字"
            return try signInPage(page, context: context, status: .unprocessableContent).response(from: request, context: context)
        }
        let result: LoginService.Result
        do {
            result = try await logins.loginToConsole(phone, code: code, origin: context.origin)
        } catch let problem as Problem {
            page.error = problem.title
            page.codeSent = problem.code != IdentityProblems.consoleRefused.code
            return try signInPage(page, context: context, status: HTTPResponse.Status(code: problem.status)).response(from: request, context: context)
        }
        let cookie = ConsoleSession.setCookie(
            ConsoleSession.sessionCookie, value: result.issued.token.text, maxAge: Int(settings.sessionAbsoluteLifetime), secure: context.viaTLS
        )
        return ConsolePage.redirect(to: "/console/", headers: [.setCookie: cookie])
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = ConsoleSession.cookie(ConsoleSession.sessionCookie, in: request.headers) {
            try await sessions.revoke(bearerToken: token, origin: context.origin)
        }
        let cleared = ConsoleSession.setCookie(ConsoleSession.sessionCookie, value: "", maxAge: 0, secure: context.viaTLS)
        return ConsolePage.redirect(to: "/console/login", headers: [.setCookie: cleared])
    }

    // MARK: Home

    struct UnitLink {
        let name: String
        let href: String
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        var units: [UnitLink] = []
        for case .unitAdmin(let institution) in caller.roles {
            let name = try await employment.institution(institution)?.name ?? "（已删除的单位）"
            units.append(UnitLink(name: name, href: "/console/units/\(institution.rawValue.uuidString.lowercased())"))
        }
        let object: [String: Any] = ["units": units, "hasUnits": !units.isEmpty, "platform": caller.isPlatformAdmin]
        return layout.page("管理端首页", body: templates.render("home", object), context: context)
    }

    // MARK: Templates

    static let signInTemplate = """
        <section class="card signin">
          <h1>登录管理端</h1>
          <p class="muted">供单位管理员和平台管理员使用。请输入在平台登记的手机号，获取短信验证码后登录。</p>
          {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
          {{#error}}<p class="error" id="signin-error">{{error}}</p>{{/error}}
          {{^codeSent}}
          <form method="post" action="/console/login/code" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="phone">手机号</label>
            <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" value="{{phone}}" required>
            <p><button type="submit" id="send-code">获取验证码</button></p>
          </form>
          {{/codeSent}}
          {{#codeSent}}
          <form method="post" action="/console/login" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="phone">手机号</label>
            <input id="phone" name="phone" type="tel" inputmode="numeric" maxlength="11" value="{{phone}}" required>
            <label for="code">短信验证码</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
            <p><button type="submit" id="sign-in">登录</button></p>
          </form>
          <form method="post" action="/console/login/code">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="phone" value="{{phone}}">
            <button type="submit" class="secondary">重新获取验证码</button>
          </form>
          {{/codeSent}}
        </section>
        """

    static let homeTemplate = """
        <h1>管理端首页</h1>
        {{#hasUnits}}
        <section>
          <h2>我管理的单位</h2>
          <ul class="units">
          {{#units}}<li><a href="{{href}}">{{name}}</a></li>{{/units}}
          </ul>
        </section>
        {{/hasUnits}}
        {{#platform}}
        <section>
          <h2>平台管理</h2>
          <ul>
            <li><a href="/console/platform/verifications">实名认证人工审核</a></li>
            <li><a href="/console/platform/registrations">机构注册审核</a></li>
          </ul>
        </section>
        {{/platform}}
        """
}
