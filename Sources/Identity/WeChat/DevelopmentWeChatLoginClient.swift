/// Development only (refused in production): any non-empty code logs in as the WeChat user
/// `dev-<code>`, so `make run` works without a mini-program. The same code reaches the same account.
public struct DevelopmentWeChatLoginClient: WeChatLoginClient {
    public init() {}

    public func exchange(code: String) async throws(WeChatLoginError) -> WeChatIdentity {
        guard !code.isEmpty, code.count <= 128 else { throw .invalidCode }
        return WeChatIdentity(openID: "dev-\(code)", unionID: nil)
    }
}
