import Web

/// The console's own paths: its home, signing in and out (pages Identity serves), its assets.
public enum ConsolePaths {
    public static let home = RoutePath.console("/")
    public static let login = RoutePath.console("/login")
    public static let loginCode = RoutePath.console("/login/code")
    public static let logout = RoutePath.console("/logout")
    public static let asset = RoutePath.console("/assets/:name")
    /// A stored attachment (document photo, certificate), shown to whoever may read it; served by
    /// Attachments, linked from every module's pages.
    public static let attachment = RoutePath.console("/attachments/:attachmentId")
    /// A unit administrator's home; served by Institutions, linked from the console's home.
    public static let unitHome = RoutePath.console("/units/:institutionId")
    /// The signed-in administrator's messages (issue 27); served by Notifications, linked from the
    /// header of every page with the unread count.
    public static let messages = RoutePath.console("/messages")
    /// 机构注册审核; served by Institutions, linked from the console's home.
    public static let registrations = RoutePath.platformConsole("/registrations")
}
