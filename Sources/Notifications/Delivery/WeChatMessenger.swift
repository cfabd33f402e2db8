import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// WeChat's server API for subscribe messages: the access token (`stable_token`) and the send.
public protocol WeChatMessenger: Sendable {
    /// `POST /cgi-bin/stable_token`; `forceRefresh` after WeChat called the current one invalid.
    func fetchToken(forceRefresh: Bool) async throws(WeChatDeliveryError) -> WeChatAccessToken
    /// `POST /cgi-bin/message/subscribe/send`: answers WeChat's `errcode` (0: accepted).
    func send(_ message: WeChatSubscribeMessage, token: String) async throws(WeChatDeliveryError) -> WeChatReply
}

public struct WeChatAccessToken: Sendable, Equatable {
    public let value: String
    public let expiresIn: TimeInterval

    public init(value: String, expiresIn: TimeInterval) {
        self.value = value
        self.expiresIn = expiresIn
    }
}

public struct WeChatReply: Sendable, Equatable {
    public let errcode: Int
    public let errmsg: String

    public init(errcode: Int, errmsg: String) {
        self.errcode = errcode
        self.errmsg = errmsg
    }
}

/// One subscribe message as WeChat takes it.
public struct WeChatSubscribeMessage: Sendable, Equatable {
    public let touser: String
    public let templateID: String
    public let page: String
    /// Keyword → value, already fitted to the keyword's rule.
    public let data: [(key: String, value: String)]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.touser == rhs.touser && lhs.templateID == rhs.templateID && lhs.page == rhs.page
            && lhs.data.map(\.key) == rhs.data.map(\.key) && lhs.data.map(\.value) == rhs.data.map(\.value)
    }

    /// The request body (`data` as `{"key": {"value": "…"}}`).
    var json: Data {
        var data: [String: [String: String]] = [:]
        for field in self.data { data[field.key] = ["value": field.value] }
        struct Body: Encodable {
            let touser: String
            let template_id: String
            let page: String
            let data: [String: [String: String]]
            let lang: String
        }
        return (try? JSONEncoder().encode(Body(touser: touser, template_id: templateID, page: page, data: data, lang: "zh_CN"))) ?? Data()
    }
}

public enum WeChatDeliveryError: Error, Equatable {
    /// A timeout, a refused connection, an HTTP error or a reply that is not WeChat's JSON.
    case unreachable(String)
}

/// The real API over HTTPS with the project's shared HTTP client. The token travels in the URL and the
/// secret in the body: neither is ever logged.
public struct LiveWeChatMessenger: WeChatMessenger {
    let http: HTTPClient
    let baseURL: URL
    let appID: String
    let appSecret: String
    let logger: Logger
    let timeout: TimeAmount

    public init(http: HTTPClient, baseURL: URL, appID: String, appSecret: String, logger: Logger, timeout: TimeAmount = .seconds(5)) {
        self.http = http
        self.baseURL = baseURL
        self.appID = appID
        self.appSecret = appSecret
        self.logger = logger
        self.timeout = timeout
    }

    struct TokenReply: Decodable {
        let access_token: String?
        let expires_in: Int?
        let errcode: Int?
        let errmsg: String?
    }

    struct SendReply: Decodable {
        let errcode: Int?
        let errmsg: String?
    }

    public func fetchToken(forceRefresh: Bool) async throws(WeChatDeliveryError) -> WeChatAccessToken {
        struct Body: Encodable {
            let grant_type = "client_credential"
            let appid: String
            let secret: String
            let force_refresh: Bool
        }
        let body = (try? JSONEncoder().encode(Body(appid: appID, secret: appSecret, force_refresh: forceRefresh))) ?? Data()
        let reply: TokenReply = try await post("cgi-bin/stable_token", query: nil, body: body, what: "stable_token")
        guard let token = reply.access_token, !token.isEmpty, let expiresIn = reply.expires_in, expiresIn > 0 else {
            logger.error("WeChat stable_token refused", metadata: ["errcode": "\(reply.errcode ?? 0)", "errmsg": "\(reply.errmsg ?? "")"])
            throw .unreachable("stable_token errcode \(reply.errcode ?? 0)")
        }
        return WeChatAccessToken(value: token, expiresIn: TimeInterval(expiresIn))
    }

    public func send(_ message: WeChatSubscribeMessage, token: String) async throws(WeChatDeliveryError) -> WeChatReply {
        let reply: SendReply = try await post("cgi-bin/message/subscribe/send", query: token, body: message.json, what: "subscribe/send")
        return WeChatReply(errcode: reply.errcode ?? 0, errmsg: reply.errmsg ?? "")
    }

    private func post<Reply: Decodable>(_ path: String, query token: String?, body: Data, what: String) async throws(WeChatDeliveryError) -> Reply {
        var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if let token { components.queryItems = [URLQueryItem(name: "access_token", value: token)] }
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        var request = HTTPClientRequest(url: components.url!.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await http.execute(request, timeout: timeout)
            guard response.status == .ok else {
                _ = try? await response.body.collect(upTo: 64 * 1024)
                throw WeChatDeliveryError.unreachable("HTTP \(response.status.code)")
            }
            let bytes = try await response.body.collect(upTo: 64 * 1024)
            do {
                return try JSONDecoder().decode(Reply.self, from: Data(buffer: bytes))
            } catch {
                throw WeChatDeliveryError.unreachable("unreadable reply")
            }
        } catch let error as WeChatDeliveryError {
            logger.warning("WeChat \(what) failed", metadata: ["error": "\(error)"])
            throw error
        } catch {
            logger.warning("WeChat \(what) unreachable", metadata: ["error": "\(type(of: error))"])
            throw .unreachable("unreachable")
        }
    }
}

/// Development only (production needs WECHAT_APP_ID/SECRET): writes what would be sent to the log,
/// without the recipient's openid or any token, and answers success.
public struct DevelopmentWeChatMessenger: WeChatMessenger {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func fetchToken(forceRefresh: Bool) async throws(WeChatDeliveryError) -> WeChatAccessToken {
        WeChatAccessToken(value: "development", expiresIn: 7200)
    }

    public func send(_ message: WeChatSubscribeMessage, token: String) async throws(WeChatDeliveryError) -> WeChatReply {
        logger.info(
            "WeChat subscribe message (development: not sent)",
            metadata: [
                "template_id": "\(message.templateID)", "page": "\(message.page)",
                "data": "\(message.data.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))",
            ]
        )
        return WeChatReply(errcode: 0, errmsg: "ok")
    }
}
