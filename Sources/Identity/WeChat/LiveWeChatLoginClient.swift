import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// `GET {base}/sns/jscode2session`. The URL carries the app secret, so it is never logged; the reply's
/// `session_key` is dropped here and never leaves this type.
public struct LiveWeChatLoginClient: WeChatLoginClient {
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

    struct Reply: Decodable {
        let openid: String?
        let unionid: String?
        let errcode: Int?
        let errmsg: String?
        // session_key is deliberately not decoded.
    }

    public func exchange(code: String) async throws(WeChatLoginError) -> WeChatIdentity {
        do {
            return try await attempt(code)
        } catch .unavailable("busy") {
            // -1: "system busy, retry". One retry, then give up.
            return try await attempt(code)
        }
    }

    private func attempt(_ code: String) async throws(WeChatLoginError) -> WeChatIdentity {
        var components = URLComponents(url: baseURL.appendingPathComponent("sns/jscode2session"), resolvingAgainstBaseURL: false)!
        components.queryItems = [
            URLQueryItem(name: "appid", value: appID),
            URLQueryItem(name: "secret", value: appSecret),
            URLQueryItem(name: "js_code", value: code),
            URLQueryItem(name: "grant_type", value: "authorization_code"),
        ]
        // URLComponents leaves '+' unescaped, which servers read as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        let request = HTTPClientRequest(url: components.url!.absoluteString)

        let reply: Reply
        do {
            let response = try await http.execute(request, timeout: timeout)
            guard response.status == .ok else {
                logger.error("WeChat jscode2session answered HTTP \(response.status.code)")
                throw WeChatLoginError.unavailable("HTTP \(response.status.code)")
            }
            let body = try await response.body.collect(upTo: 64 * 1024)
            reply = try JSONDecoder().decode(Reply.self, from: Data(buffer: body))
        } catch let error as WeChatLoginError {
            throw error
        } catch {
            logger.error("WeChat jscode2session unreachable", metadata: ["error": "\(type(of: error))"])
            throw .unavailable("unreachable")
        }

        switch reply.errcode ?? 0 {
        case 0:
            guard let openID = reply.openid, !openID.isEmpty else { throw .unavailable("reply without openid") }
            return WeChatIdentity(openID: openID, unionID: reply.unionid)
        case -1: throw .unavailable("busy")
        case 40029, 40163: throw .invalidCode
        case 45011: throw .rateLimited
        case 40226: throw .highRisk
        case let code:
            // 40013 (bad appid), 40125 (bad secret)…: our configuration, not the user's doing.
            logger.error("WeChat jscode2session refused the request", metadata: ["errcode": "\(code)", "errmsg": "\(reply.errmsg ?? "")"])
            throw .unavailable("errcode \(code)")
        }
    }
}
