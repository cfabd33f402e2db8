import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 消息设置 on the candidates' pages (`/m/messages/settings`, issue 28): which kinds also reach the
/// candidate by WeChat and SMS (the inbox always gets every message); the decisive kinds stay on. Through
/// `PreferenceService`, like `GET/PUT /api/v1/me/message-preferences`.
struct PreferenceMobilePages: Sendable {
    let preferences: PreferenceService
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(preferences: PreferenceService, mobile: MobileRoutes) throws {
        self.preferences = preferences
        self.mobile = mobile
        templates = try ConsoleTemplates(PreferenceMobileTemplates.all)
    }

    func register() {
        mobile.signedIn.get(NotificationsPaths.mobileSettings.route, use: show)
        mobile.signedIn.post(NotificationsPaths.mobileSettings.route, use: save)
    }

    func page(context: AppRequestContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let current = try await preferences.preferences(of: caller.accountID)
        let model = PreferenceMobileModel(current, notice: notice, error: error, csrf: context.consoleCSRF ?? "")
        return mobile.layout.page(
            "消息设置", body: templates.render("settings", model), context: context, status: status, back: ("授权访问消息", NotificationsPaths.mobileMessages.link())
        )
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await page(context: context, notice: request.uri.queryParameters["done"] == "saved" ? "设置已保存。" : nil)
    }

    /// A checkbox left unticked is a kind turned off: every kind that may be turned off is in the request.
    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try await ConsoleAction.run(request, context: context) { form in
            let on = Set(form.all("on"))
            let items = PreferenceRules.kinds.filter { !PreferenceRules.essential.contains($0) }.map {
                PreferencesRequest.Item(kind: $0.rawValue, enabled: on.contains($0.rawValue))
            }
            _ = try await preferences.update(items, of: caller.accountID)
        } refused: { message, status in
            try await page(context: context, error: message, status: status)
        } then: {
            NotificationsPaths.mobileSettings.link(query: QueryString().adding("done", "saved"))
        }
    }
}
