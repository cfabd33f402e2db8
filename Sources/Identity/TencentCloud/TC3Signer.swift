import Contracts
import Foundation
import LibCrypto

/// Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), as documented by the provider. The service
/// name comes from the API (`sms`, `faceid`), never from the endpoint's host, so a test endpoint on
/// 127.0.0.1 signs exactly as production does.
public struct TC3Signer: Sendable {
    public let secretID: String
    let secretKey: String

    public init(secretID: String, secretKey: String) {
        self.secretID = secretID
        self.secretKey = secretKey
    }

    public static let contentType = "application/json; charset=utf-8"

    /// The `Authorization` header for a POST of `body` to `host` at `timestamp` (Unix seconds).
    public func authorization(service: String, host: String, body: [UInt8], timestamp: Int) -> String {
        let date = Self.utcDate(timestamp)
        let canonicalHeaders = "content-type:\(Self.contentType.lowercased())\nhost:\(host.lowercased())\n"
        let signedHeaders = "content-type;host"
        let canonicalRequest = [
            "POST", "/", "", canonicalHeaders, signedHeaders, Hex.encode(SHA256.hash(body)),
        ].joined(separator: "\n")
        let scope = "\(date)/\(service)/tc3_request"
        let stringToSign = [
            "TC3-HMAC-SHA256", String(timestamp), scope, Hex.encode(SHA256.hash(Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let secretDate = HMAC.sha256(key: Array("TC3\(secretKey)".utf8), message: Array(date.utf8))
        let secretService = HMAC.sha256(key: secretDate, message: Array(service.utf8))
        let secretSigning = HMAC.sha256(key: secretService, message: Array("tc3_request".utf8))
        let signature = Hex.encode(HMAC.sha256(key: secretSigning, message: Array(stringToSign.utf8)))
        return "TC3-HMAC-SHA256 Credential=\(secretID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// `yyyy-MM-dd` of the timestamp in UTC.
    static func utcDate(_ timestamp: Int) -> String {
        CalendarDate(Date(timeIntervalSince1970: TimeInterval(timestamp)), utcOffsetSeconds: 0).description
    }
}
