import Console
import Web

/// Every route of the Notifications module: registered from these values.
enum NotificationsPaths {
    // MARK: API, any signed-in account (`routes.authenticated`)

    /// `GET`: the caller's inbox, newest first, with the unread count.
    static let messages = RoutePath.api("/me/messages")
    /// `POST`: marks one message read.
    static let read = messages.appending("/:id/read")
    /// `POST`: marks every message read.
    static let readAll = messages.appending("/read-all")
    /// `POST`: the WeChat subscribe-message templates the caller accepted.
    static let subscriptions = RoutePath.api("/me/message-subscriptions")
    /// `GET`, `PUT`: which kinds reach the caller beyond the inbox.
    static let preferences = RoutePath.api("/me/message-preferences")

    // MARK: Console, platform administrators

    /// `GET`: one account's deliveries (`?account=<id>`).
    static let deliveryLog = RoutePath.platformConsole("/deliveries")

    // MARK: Console, any signed-in administrator (`console.signedIn`)

    /// `GET`: the administrator's messages, newest first (linked from every page's header).
    static let consoleMessages = ConsolePaths.messages
    /// `POST`: marks one message read.
    static let consoleRead = consoleMessages.appending("/:id/read")
    /// `POST`: marks every message read.
    static let consoleReadAll = consoleMessages.appending("/read-all")

    // MARK: Candidate pages (`/m`, issue 28): 授权访问消息

    static let mobileMessages = MobilePaths.messages
    /// Marks one read (and, with `open=1`, goes on to the page it is about).
    static let mobileRead = mobileMessages.appending("/:id/read")
    static let mobileReadAll = mobileMessages.appending("/read-all")
    /// 消息设置: which kinds also go by WeChat and SMS.
    static let mobileSettings = mobileMessages.appending("/settings")
}
