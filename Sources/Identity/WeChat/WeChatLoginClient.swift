/// Exchanges a `wx.login` code for the user's WeChat identity (`jscode2session`).
public protocol WeChatLoginClient: Sendable {
    func exchange(code: String) async throws(WeChatLoginError) -> WeChatIdentity
}

public struct WeChatIdentity: Sendable, Equatable {
    public let openID: String
    public let unionID: String?

    public init(openID: String, unionID: String?) {
        self.openID = openID
        self.unionID = unionID
    }
}

public enum WeChatLoginError: Error, Equatable {
    /// 40029 (invalid), 40163 (already used): the client must call `wx.login` again.
    case invalidCode
    /// 45011: WeChat's rate limit.
    case rateLimited
    /// 40226: WeChat marks the user high-risk and refuses the login.
    case highRisk
    /// -1 twice, a timeout, an unreachable service, or a reply we cannot use.
    case unavailable(String)
}
