import Web

/// The candidates' pages (考生端 H5, issue 28) under `/m`: their home, signing in and out (pages
/// Identity serves), their assets, and the pages every module links to.
public enum MobilePaths {
    /// The home: the phone form for a visitor, the list of every page for a signed-in candidate.
    public static let home = RoutePath(mount: "/m", "/")
    public static let loginCode = RoutePath(mount: "/m", "/login/code")
    public static let login = RoutePath(mount: "/m", "/login")
    public static let logout = RoutePath(mount: "/m", "/logout")
    public static let asset = RoutePath(mount: "/m", "/assets/:name")
    /// A stored file the candidate may read (their document photos, their uploads); served by
    /// Attachments.
    public static let attachment = RoutePath(mount: "/m", "/attachments/:attachmentId")
    /// The candidate's messages (授权访问消息); served by Notifications, linked from every page's header.
    public static let messages = RoutePath(mount: "/m", "/messages")

    // The pages a message opens (its link's target), and the home's entries. Each is served by the
    // module named; its `Paths` refers to these, so the inbox's links and the routes cannot drift.

    /// 实名认证 (its status and every step); Identity.
    public static let verification = RoutePath(mount: "/m", "/verification")
    /// 个人信息; Identity.
    public static let profile = RoutePath(mount: "/m", "/profile")
    /// 我的地址; Identity.
    public static let addresses = RoutePath(mount: "/m", "/addresses")
    /// 工作单位 (the bound unit, binding, 更新, 解绑); Institutions.
    public static let employment = RoutePath(mount: "/m", "/employment")
    /// 试用期申报: the candidate's declarations (记录); TrialPeriod.
    public static let declarations = RoutePath(mount: "/m", "/declarations")
    /// One declaration: 申报详情 and 进度详情; TrialPeriod.
    public static let declaration = RoutePath(mount: "/m", "/declarations/:declarationId")
    /// 信息确认: the candidate's exam records by year; Confirmation.
    public static let records = RoutePath(mount: "/m", "/records")
    /// One year's exam record; Confirmation.
    public static let record = RoutePath(mount: "/m", "/records/:year")
}

/// The candidates' pages' cookies: the same kinds of value as the console's (`ConsoleSession`), under
/// their own names and scoped to `/m`, so neither surface's session is ever sent to the other.
public enum MobileSession {
    public static let sessionCookie = "ht_m"
    public static let preSessionCookie = "ht_m_pre"

    /// The `Set-Cookie` of a session (`maxAge` 0 removes it).
    public static func setCookie(_ value: String, maxAge: Int, secure: Bool) -> String {
        ConsoleSession.setCookie(sessionCookie, value: value, maxAge: maxAge, secure: secure, path: MobilePaths.home.mount)
    }
}
