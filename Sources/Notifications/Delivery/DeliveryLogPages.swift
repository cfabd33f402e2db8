import Console
import Contracts
import Foundation
import Hummingbird
import Web

/// 消息投递记录: one account's deliveries (WeChat, SMS) with status, attempts and the last error.
struct DeliveryLogPages: Sendable {
    let log: DeliveryLogService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    func register(on console: ConsoleRoutes) {
        console.navigation.addPlatformPage("消息投递记录", at: NotificationsPaths.deliveryLog)
        console.platformAdmin.get(NotificationsPaths.deliveryLog.route, use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let text = request.uri.queryParameters["account"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        let account = UUID(uuidString: text).map(AccountID.init)
        var entries: [DeliveryLogEntry]?
        if let account { entries = try await log.log(of: account) }
        let page = DeliveryLogPage(account: text, searched: !text.isEmpty, invalid: !text.isEmpty && account == nil, entries: entries)
        return layout.page("消息投递记录", body: templates.render("deliveries", page), context: context)
    }
}
