import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// The candidates' sign-in (手机快捷登录) and sign-out under `/m` (issue 28), and their home: phone,
/// SMS code, session cookie, in the console's shape. The same sender, limits and audit as the API's
/// `POST /auth/sms` and `POST /auth/phone`; a phone seen for the first time gets a candidate account, as
/// there.
struct MobileSignInPages: Sendable {
    let logins: LoginService
    let sender: SMSCodeSender
    let sessions: SessionStore
    let settings: IdentitySettings
    let templates: ConsoleTemplates
    let mobile: MobileRoutes

    init(logins: LoginService, sender: SMSCodeSender, sessions: SessionStore, settings: IdentitySettings, mobile: MobileRoutes) throws {
        self.logins = logins
        self.sender = sender
        self.sessions = sessions
        self.settings = settings
        self.mobile = mobile
        templates = try ConsoleTemplates(MobileSignInTemplates.all)
    }

    func register() {
        mobile.open.get(IdentityPaths.mobileHome.route, use: home)
        mobile.open.post(IdentityPaths.mobileLoginCode.route, use: sendCode)
        mobile.open.post(IdentityPaths.mobileLogin.route, use: signIn)
        mobile.signedIn.post(IdentityPaths.mobileLogout.route, use: signOut)
    }

    func signInPage(_ form: MobileSignInPageModel, context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        mobile.layout.page("考生登录", body: templates.render("signIn", form), context: context, status: status)
    }

    /// The home for a signed-in candidate, the phone form for a visitor.
    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        if context.caller != nil { return try await mobile.homePage(context: context) }
        return signInPage(MobileSignInPageModel(csrf: context.consoleCSRF ?? ""), context: context)
    }

    @Sendable func sendCode(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let form = try await FormBody.read(request)
        var page = MobileSignInPageModel(phone: (form["phone"] ?? "").trimmingCharacters(in: .whitespaces), csrf: context.consoleCSRF ?? "")
        guard let phone = PhoneNumber(page.phone) else {
            page.phoneError = "请输入11位手机号"
            return signInPage(page, context: context, status: .unprocessableContent)
        }
        do {
            let receipt = try await sender.send(to: phone, origin: context.origin)
            page.notice = "验证码已发送至 \(phone.masked)，\(Int(settings.smsCodeValidity / 60)) 分钟内有效；\(receipt.resendAfterSeconds) 秒后可重新获取"
        } catch let problem as Problem {
            page.phoneError = problem.consoleMessage
            return signInPage(page, context: context, status: HTTPResponse.Status(code: problem.status))
        }
        page.codeSent = true
        return signInPage(page, context: context)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        var page = MobileSignInPageModel(phone: (form["phone"] ?? "").trimmingCharacters(in: .whitespaces), codeSent: true, csrf: context.consoleCSRF ?? "")
        let code = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let phone = PhoneNumber(page.phone) else {
            page.phoneError = "请输入11位手机号"
            return try signInPage(page, context: context, status: .unprocessableContent).response(from: request, context: context)
        }
        guard SMSCode.isWellFormed(code) else {
            page.codeError = "验证码为6位数字"
            return try signInPage(page, context: context, status: .unprocessableContent).response(from: request, context: context)
        }
        let result: LoginService.Result
        do {
            result = try await logins.loginWithPhone(phone, code: code, origin: context.origin)
        } catch let problem as Problem {
            page.codeError = problem.consoleMessage
            return try signInPage(page, context: context, status: HTTPResponse.Status(code: problem.status)).response(from: request, context: context)
        }
        let cookie = MobileSession.setCookie(result.issued.token.text, maxAge: Int(settings.sessionAbsoluteLifetime), secure: context.viaTLS)
        return ConsolePage.redirect(to: IdentityPaths.mobileHome.link(), headers: [.setCookie: cookie])
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = ConsoleSession.cookie(MobileSession.sessionCookie, in: request.headers) {
            try await sessions.revoke(bearerToken: token, origin: context.origin)
        }
        let cleared = MobileSession.setCookie("", maxAge: 0, secure: context.viaTLS)
        return ConsolePage.redirect(to: IdentityPaths.mobileHome.link(), headers: [.setCookie: cleared])
    }
}
