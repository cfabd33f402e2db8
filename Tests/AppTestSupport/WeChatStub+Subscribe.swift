import Foundation
import Hummingbird
import Synchronization

/// WeChat's subscribe messages, as WeChat answers them:
/// `POST /cgi-bin/stable_token` checks the app id, secret and grant type and issues `stub-token-<n>`
/// (a new one when there is none, the current one expired, or `force_refresh`);
/// `POST /cgi-bin/message/subscribe/send?access_token=…` checks the token (an expired one: 42001, an
/// unknown one: 40001), the template id, the openid and every value against its keyword's rule
/// (47003 naming the key), then answers 0 and records the receipt. Modes: `down` (-1, "system error"),
/// `noQuota` openids (43101), `holding` (the request waits until released, then is answered -1 without
/// a receipt: WeChat never took it).
extension WeChatStub {
    public struct Receipt: Sendable, Equatable {
        public let touser: String
        public let templateID: String
        public let page: String
        public let data: [String: String]
    }

    /// The templates the stub's app has (what the tests configure).
    public static let templates: [String: String] = [
        "declaration_returned": "TPL-RETURNED-0001",
        "declaration_approved": "TPL-APPROVED-0002",
        "declaration_modification_allowed": "TPL-MODIFY-0003",
        "declaration_deadline_reminder": "TPL-REMINDER-0004",
    ]

    /// The server's environment for those templates.
    public static var templateEnvironment: [String: String] {
        var environment: [String: String] = [:]
        for (kind, id) in templates { environment["WECHAT_TEMPLATE_\(kind.uppercased())"] = id }
        environment["WECHAT_FIELDS_DECLARATION_RETURNED"] = "thing1=title,thing2=text,phrase3=status,time4=time"
        return environment
    }

    final class SubscribeState: Sendable {
        struct Tokens {
            var current: String?
            var expired: Set<String> = []
            var issued = 0
        }

        let tokens = Mutex(Tokens())
        let receipts = Mutex<[Receipt]>([])
        let replies = Mutex<[Int: Int]>([:])
        let down = Mutex(false)
        let noQuota = Mutex<Set<String>>([])
        let holding = Mutex(false)
        let held = Mutex(0)
        let calls = Mutex(0)
    }

    public var receipts: [Receipt] { subscribe.receipts.withLock { $0 } }
    public var tokensIssued: Int { subscribe.tokens.withLock { $0.issued } }
    /// How many sends were answered with `errcode`.
    public func replies(_ errcode: Int) -> Int { subscribe.replies.withLock { $0[errcode] ?? 0 } }
    /// Every send request, whatever the answer.
    public var sendCalls: Int { subscribe.calls.withLock { $0 } }
    public var heldRequests: Int { subscribe.held.withLock { $0 } }

    /// The current token expires now (the next send with it is answered 42001).
    public func expireCurrentToken() {
        subscribe.tokens.withLock { tokens in
            if let current = tokens.current { tokens.expired.insert(current) }
            tokens.current = nil
        }
    }

    public func setDown(_ down: Bool) { subscribe.down.withLock { $0 = down } }
    public func setNoQuota(_ openID: String) { _ = subscribe.noQuota.withLock { $0.insert(openID) } }
    /// While holding, sends wait (and are then answered -1 without a receipt).
    public func setHolding(_ holding: Bool) { subscribe.holding.withLock { $0 = holding } }

    func addSubscribeMessages(to router: Router<BasicRequestContext>) {
        let state = subscribe
        router.post("/cgi-bin/stable_token") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
            guard json["grant_type"] as? String == "client_credential" else { return Self.reply(#"{"errcode":40002,"errmsg":"invalid grant_type"}"#) }
            guard json["appid"] as? String == Self.appID else { return Self.reply(#"{"errcode":40013,"errmsg":"invalid appid"}"#) }
            guard json["secret"] as? String == Self.appSecret else { return Self.reply(#"{"errcode":40125,"errmsg":"invalid appsecret"}"#) }
            let force = json["force_refresh"] as? Bool ?? false
            let token = state.tokens.withLock { tokens -> String in
                if let current = tokens.current, !force { return current }
                if let current = tokens.current { tokens.expired.insert(current) }
                tokens.issued += 1
                tokens.current = "stub-token-\(tokens.issued)"
                return tokens.current!
            }
            return Self.reply(#"{"access_token":"\#(token)","expires_in":7200}"#)
        }
        router.post("/cgi-bin/message/subscribe/send") { request, _ -> Response in
            state.calls.withLock { $0 += 1 }
            func answer(_ code: Int, _ message: String) -> Response {
                state.replies.withLock { $0[code, default: 0] += 1 }
                return Self.reply(#"{"errcode":\#(code),"errmsg":"\#(message)"}"#)
            }
            let token = request.uri.queryParameters["access_token"].map(String.init) ?? ""
            let tokenState = state.tokens.withLock { tokens -> Int in
                if token == tokens.current { return 0 }
                return tokens.expired.contains(token) ? 42001 : 40001
            }
            if tokenState == 42001 { return answer(42001, "access_token expired rid: stub") }
            if tokenState == 40001 { return answer(40001, "invalid credential, access_token is invalid or not latest rid: stub") }
            if state.holding.withLock({ $0 }) {
                state.held.withLock { $0 += 1 }
                while state.holding.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                return answer(-1, "system error")
            }
            if state.down.withLock({ $0 }) { return answer(-1, "system error") }
            let body = try await request.body.collect(upTo: 64 * 1024)
            guard let json = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] else {
                return answer(47001, "data format error")
            }
            guard let touser = json["touser"] as? String, !touser.isEmpty else { return answer(40003, "invalid openid") }
            guard let template = json["template_id"] as? String, Self.templates.values.contains(template) else {
                return answer(40037, "invalid template_id")
            }
            guard let data = json["data"] as? [String: Any], !data.isEmpty else { return answer(47003, "argument invalid! data is empty") }
            var values: [String: String] = [:]
            for (key, entry) in data {
                guard let value = (entry as? [String: Any])?["value"] as? String, Self.fits(value, key: key) else {
                    return answer(47003, "argument invalid! data.\(key).value invalid")
                }
                values[key] = value
            }
            if state.noQuota.withLock({ $0.contains(touser) }) { return answer(43101, "user refuse to accept the msg") }
            state.receipts.withLock {
                $0.append(Receipt(touser: touser, templateID: template, page: json["page"] as? String ?? "", data: values))
            }
            return answer(0, "ok")
        }
    }

    /// WeChat's rule for a keyword's value, by the keyword's type.
    public static func fits(_ value: String, key: String) -> Bool {
        let type = String(key.reversed().drop(while: \.isNumber).reversed())
        func han(_ scalar: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(scalar.value) }
        switch type {
        case "thing": return !value.isEmpty && value.count <= 20
        case "phrase": return !value.isEmpty && value.count <= 5 && value.unicodeScalars.allSatisfy(han)
        case "character_string": return !value.isEmpty && value.count <= 32 && value.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 }
        case "number": return !value.isEmpty && value.count <= 32 && value.allSatisfy { $0.isNumber || $0 == "." }
        case "time": return value.range(of: #"^([0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日 )?[0-9]{2}:[0-9]{2}$"#, options: .regularExpression) != nil
        case "date": return value.range(of: #"^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日( [0-9]{2}:[0-9]{2})?$"#, options: .regularExpression) != nil
        default: return !value.isEmpty && value.count <= 20
        }
    }
}
