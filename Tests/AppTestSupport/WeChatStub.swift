import Foundation
import Hummingbird
import Synchronization

/// Answers `GET /sns/jscode2session` as WeChat does: HTTP 200, `text/plain` JSON, either the identity or
/// `errcode`/`errmsg`. The code chooses the answer:
/// `user-<x>` → openid `openid-<x>`; `invalid` → 40029; `used` → 40163; `limited` → 45011; `risky` → 40226;
/// `busy-once` → -1 then success; `busy` → -1 always.
public final class WeChatStub: Sendable {
    public static let appID = "wx-test-app"
    public static let appSecret = "wechat-app-secret-value"
    public static let sessionKey = "SESSION-KEY-MUST-NOT-LEAK"

    private let calls = Mutex<[String: Int]>([:])
    /// Subscribe messages and tokens (WeChatStub+Subscribe.swift).
    let subscribe = SubscribeState()

    public init() {}

    public func callCount(for code: String) -> Int { calls.withLock { $0[code] ?? 0 } }

    public var router: Router<BasicRequestContext> {
        let router = Router()
        addSubscribeMessages(to: router)
        router.get("/sns/jscode2session") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard query["appid"].map(String.init) == Self.appID, query["secret"].map(String.init) == Self.appSecret,
                  query["grant_type"] == "authorization_code"
            else { return Self.reply(#"{"errcode":40013,"errmsg":"invalid appid"}"#) }
            let code = String(query["js_code"] ?? "")
            let count = self.calls.withLock { calls in
                calls[code, default: 0] += 1
                return calls[code]!
            }
            switch code {
            case "invalid": return Self.reply(#"{"errcode":40029,"errmsg":"invalid code, rid: 1"}"#)
            case "used": return Self.reply(#"{"errcode":40163,"errmsg":"code been used, rid: 2"}"#)
            case "limited": return Self.reply(#"{"errcode":45011,"errmsg":"api minute-quota reach limit"}"#)
            case "risky": return Self.reply(#"{"errcode":40226,"errmsg":"invalid user, high risk"}"#)
            case "busy": return Self.reply(#"{"errcode":-1,"errmsg":"system error"}"#)
            case "busy-once" where count == 1: return Self.reply(#"{"errcode":-1,"errmsg":"system error"}"#)
            default:
                let user = code.hasPrefix("user-") ? String(code.dropFirst(5)) : code
                return Self.reply(#"{"openid":"openid-\#(user)","session_key":"\#(Self.sessionKey)","unionid":"union-\#(user)"}"#)
            }
        }
        return router
    }

    public static func reply(_ json: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
