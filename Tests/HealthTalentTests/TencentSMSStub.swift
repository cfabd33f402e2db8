import Foundation
import HTTPTypes
import Hummingbird
import Identity
import LibCrypto
import Synchronization

/// Answers `SendSms` as Tencent Cloud does: HTTP 200 and a `Response` envelope, errors included. It checks
/// the TC3 signature (recomputed from the raw body, the Host header and the timestamp, with its own copy
/// of the secret), the action headers and the clock skew, and records the codes it was asked to send.
/// Numbers choose failures: 13900000001 → daily limit, 13900000002 → incorrect number,
/// 13900000003 → insufficient balance.
final class TencentSMSStub: Sendable {
    static let secretID = "AKIDtestsecretid0123456789"
    static let secretKey = "tc3-test-secret-key-value"
    static let sdkAppID = "1400000001"
    static let signName = "湖北卫生人才"
    static let templateID = "2000001"

    let now: @Sendable () -> Date
    private let sent = Mutex<[(phone: String, params: [String])]>([])

    init(now: @escaping @Sendable () -> Date) { self.now = now }

    /// The last code sent to an 11-digit number.
    func lastCode(to phone: String) -> String? {
        sent.withLock { $0.last { $0.phone == "+86" + phone }?.params.first }
    }

    var sendCount: Int { sent.withLock { $0.count } }

    struct SendSms: Decodable {
        let PhoneNumberSet: [String]
        let SmsSdkAppId: String
        let SignName: String
        let TemplateId: String
        let TemplateParamSet: [String]
    }

    /// The environment that points the server's SMS gateway at this stub.
    static func environment(baseURL: String, secretKey: String = secretKey) -> [String: String] {
        [
            "SMS_GATEWAY": "tencent", "TENCENTCLOUD_SMS_ENDPOINT": baseURL, "TENCENTCLOUD_SECRET_ID": secretID,
            "TENCENTCLOUD_SECRET_KEY": secretKey, "TENCENTCLOUD_REGION": "ap-guangzhou", "SMS_SDK_APP_ID": sdkAppID,
            "SMS_SIGN_NAME": signName, "SMS_TEMPLATE_ID": templateID,
        ]
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.post("/") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            if let failure = self.authenticate(request.headers, host: request.head.authority, body: body) { return Self.error(failure, "signature check failed") }
            guard request.headers[HTTPField.Name("X-TC-Action")!] == "SendSms",
                  request.headers[HTTPField.Name("X-TC-Version")!] == "2021-01-11",
                  request.headers[HTTPField.Name("X-TC-Region")!] != nil
            else { return Self.error("InvalidAction", "unexpected action headers") }
            guard let send = try? JSONDecoder().decode(SendSms.self, from: Data(body)),
                  send.SmsSdkAppId == Self.sdkAppID, send.SignName == Self.signName, send.TemplateId == Self.templateID
            else { return Self.error("InvalidParameter", "bad SendSms parameters") }
            let phone = send.PhoneNumberSet.first ?? ""
            switch phone {
            case "+8613900000001": return Self.status(phone, code: "LimitExceeded.PhoneNumberDailyLimit")
            case "+8613900000002": return Self.status(phone, code: "InvalidParameterValue.IncorrectPhoneNumber")
            case "+8613900000003": return Self.error("FailedOperation.InsufficientBalanceInSmsPackage", "balance exhausted")
            default:
                self.sent.withLock { $0.append((phone, send.TemplateParamSet)) }
                return Self.status(phone, code: "Ok")
            }
        }
        return router
    }

    /// The error code Tencent Cloud would answer for a bad signature, or nil when it is good.
    /// HTTP/1's Host header arrives as the request's authority.
    private func authenticate(_ headers: HTTPFields, host: String?, body: [UInt8]) -> String? {
        guard let authorization = headers[.authorization], let host,
              let timestampText = headers[HTTPField.Name("X-TC-Timestamp")!], let timestamp = Int(timestampText),
              headers[.contentType] == "application/json; charset=utf-8"
        else { return "AuthFailure.InvalidAuthorization" }
        guard abs(Double(timestamp) - now().timeIntervalSince1970) <= 300 else { return "AuthFailure.SignatureExpire" }
        guard authorization.contains("Credential=\(Self.secretID)/") else { return "AuthFailure.SecretIdNotFound" }
        let expected = TC3Signer(secretID: Self.secretID, secretKey: Self.secretKey)
            .authorization(service: "sms", host: host, body: body, timestamp: timestamp)
        return authorization == expected ? nil : "AuthFailure.SignatureFailure"
    }

    static func status(_ phone: String, code: String) -> Response {
        let json = #"{"Response":{"SendStatusSet":[{"SerialNo":"2028:1","PhoneNumber":"\#(phone)","Fee":1,"SessionContext":"","Code":"\#(code)","Message":"\#(code == "Ok" ? "send success" : "failed")","IsoCode":"CN"}],"RequestId":"a0aabda6-cf91-4f3e-a81f-9198114a2279"}}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    static func error(_ code: String, _ message: String) -> Response {
        let json = #"{"Response":{"Error":{"Code":"\#(code)","Message":"\#(message)"},"RequestId":"b1bbcdf7-0000-4f3e-a81f-9198114a2279"}}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
