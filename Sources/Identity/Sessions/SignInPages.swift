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
        templates = try ConsoleTemplates(SignInTemplates.all)
    }

    func register(on console: ConsoleRoutes) {
        console.open.get(IdentityPaths.consoleLogin.route, use: showSignIn)
        console.open.post(IdentityPaths.consoleLoginCode.route, use: sendCode)
        console.open.post(IdentityPaths.consoleLogin.route, use: signIn)
        console.signedIn.post(IdentityPaths.consoleLogout.route, use: signOut)
        console.signedIn.get(IdentityPaths.consoleHome.route, use: home)
    }

    // MARK: Signing in

    func signInPage(_ form: SignInPageModel, context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        layout.page("登录管理端", body: templates.render("signIn", form), context: context, status: status)
    }

    @Sendable func showSignIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.caller != nil { return ConsolePage.redirect(to: IdentityPaths.consoleHome.link()) }
        return try signInPage(SignInPageModel(csrf: context.consoleCSRF ?? ""), context: context).response(from: request, context: context)
    }

    @Sendable func sendCode(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let form = try await FormBody.read(request)
        var page = SignInPageModel(phone: form["phone"] ?? "", csrf: context.consoleCSRF ?? "")
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
        var page = SignInPageModel(phone: form["phone"] ?? "", codeSent: true, csrf: context.consoleCSRF ?? "")
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
        return ConsolePage.redirect(to: IdentityPaths.consoleHome.link(), headers: [.setCookie: cookie])
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = ConsoleSession.cookie(ConsoleSession.sessionCookie, in: request.headers) {
            try await sessions.revoke(bearerToken: token, origin: context.origin)
        }
        let cleared = ConsoleSession.setCookie(ConsoleSession.sessionCookie, value: "", maxAge: 0, secure: context.viaTLS)
        return ConsolePage.redirect(to: IdentityPaths.consoleLogin.link(), headers: [.setCookie: cleared])
    }

    // MARK: Home

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        var units: [(InstitutionID, String)] = []
        for case .unitAdmin(let institution) in caller.roles {
            units.append((institution, try await employment.institution(institution)?.name ?? "（已删除的单位）"))
        }
        let model = HomePageModel(units: units, isPlatformAdmin: caller.isPlatformAdmin)
        return layout.page("管理端首页", body: templates.render("home", model), context: context)
    }
}
