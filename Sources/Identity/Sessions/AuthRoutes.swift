import Contracts
import Hummingbird
import Web

/// `/auth/*`: logging in and out.
struct AuthRoutes: Sendable {
    let logins: LoginService
    let sender: SMSCodeSender
    let sessions: SessionStore
    let accounts: AccountReader
    let verification: VerificationService
    let settings: IdentitySettings

    func register(on routes: ModuleRoutes) {
        routes.open.post(IdentityPaths.wechatLogin.route, use: wechat)
        routes.open.post(IdentityPaths.smsCode.route, use: sendCode)
        routes.open.post(IdentityPaths.phoneLogin.route, use: phone)
        routes.authenticated.post(IdentityPaths.logout.route, use: logout)
    }

    @Sendable func wechat(_ request: Request, context: AppRequestContext) async throws -> LoginResponse {
        let input = try await request.decodeJSON(as: WeChatLoginRequest.self, context: context)
        // wx.login codes are short printable ASCII; anything else cannot be one.
        let code = input.code
        guard (1...128).contains(code.utf8.count), code.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw IdentityProblems.invalidWeChatCode
        }
        return try await respond(to: logins.loginWithWeChat(code: code, origin: context.origin))
    }

    @Sendable func sendCode(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SMSCodeSender.Receipt> {
        let input = try await request.decodeJSON(as: SMSRequest.self, context: context)
        guard let phone = PhoneNumber(input.phone) else { throw IdentityProblems.invalidPhone() }
        let receipt = try await sender.send(to: phone, origin: context.origin)
        return EditedResponse(status: .accepted, response: receipt)
    }

    @Sendable func phone(_ request: Request, context: AppRequestContext) async throws -> LoginResponse {
        let input = try await request.decodeJSON(as: PhoneCodeRequest.self, context: context)
        let (phone, code) = try Self.validate(input)
        return try await respond(to: logins.loginWithPhone(phone, code: code, origin: context.origin))
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        if let token = AuthenticationMiddleware.bearerToken(request.headers[.authorization]) {
            try await sessions.revoke(bearerToken: token, origin: context.origin)
        }
        return .noContent
    }

    static func validate(_ input: PhoneCodeRequest) throws(Problem) -> (PhoneNumber, String) {
        var problems: [FieldProblem] = []
        let phone = PhoneNumber(input.phone)
        if phone == nil { problems.append(IdentityProblems.invalidPhoneField()) }
        if !SMSCode.isWellFormed(input.code) { problems.append(IdentityProblems.invalidCodeField()) }
        guard problems.isEmpty, let phone else { throw Problem.validation(problems) }
        return (phone, input.code)
    }

    private func respond(to login: LoginService.Result) async throws -> LoginResponse {
        guard let account = try await accounts.load(login.account) else { throw Problem.internalError }
        return LoginResponse(
            token: login.issued.token.text, expiresAt: login.issued.expiresAt,
            idleTimeoutSeconds: Int(settings.sessionIdleTimeout),
            account: MeResponse(
                account: account, verification: try await verification.state(of: account.id),
                employment: try await accounts.currentEmployment(of: account.id),
                examRecord: try await accounts.examRecord(of: account.id), unreadMessages: try await accounts.unreadMessages(of: account.id)
            )
        )
    }
}
