import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 个人信息 on the candidates' pages (`/m/profile`, issue 28): view the profile and change what
/// `PUT /api/v1/me/profile` allows, through the same `ProfileService`.
struct ProfileMobilePages: Sendable {
    let profiles: ProfileService
    let accounts: AccountReader
    let verification: VerificationService
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(profiles: ProfileService, accounts: AccountReader, verification: VerificationService, mobile: MobileRoutes) throws {
        self.profiles = profiles
        self.accounts = accounts
        self.verification = verification
        self.mobile = mobile
        templates = try ConsoleTemplates(ProfileMobileTemplates.all)
    }

    func register() {
        mobile.home.add("个人信息", at: IdentityPaths.mobileProfile, section: .personal, order: 10, id: "home-profile")
        mobile.signedIn.get(IdentityPaths.mobileProfile.route, use: show)
        mobile.signedIn.post(IdentityPaths.mobileProfile.route, use: save)
    }

    func page(
        _ account: AccountID, typed: (ethnicity: String, email: String, gender: String)? = nil, problem: Problem? = nil, notice: String? = nil,
        context: AppRequestContext
    ) async throws -> ConsolePage {
        guard let stored = try await accounts.load(account) else { throw Problem.unauthorized }
        var model = ProfileMobilePageModel(
            account: stored, verification: try await verification.state(of: account), typed: typed, csrf: context.consoleCSRF ?? ""
        )
        model.notice = notice
        if let problem { model.refused(problem) }
        let status = problem.map { HTTPResponse.Status(code: $0.status) } ?? .ok
        return mobile.layout.page("个人信息", body: templates.render("profile", model), context: context, status: status)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        return try await page(caller.accountID, notice: request.uri.queryParameters["saved"] == "1" ? "已保存" : nil, context: context)
    }

    /// An empty 民族 or 邮箱 clears it (the API's `null`); 性别 is sent only when its radios were shown.
    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await FormBody.read(request)
        let ethnicity = form["ethnicity"] ?? ""
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let gender = form["gender"] ?? ""
        let update = ProfileService.Update(
            ethnicity: ethnicity.isEmpty ? .cleared : .set(ethnicity),
            email: email.isEmpty ? .cleared : .set(email),
            gender: gender.isEmpty ? .unchanged : .set(gender)
        )
        do {
            try await profiles.update(caller.accountID, with: update, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            return try await page(caller.accountID, typed: (ethnicity, email, gender), problem: problem, context: context)
                .response(from: request, context: context)
        }
        return ConsolePage.redirect(to: IdentityPaths.mobileProfile.link(query: QueryString([("saved", "1")])))
    }
}
