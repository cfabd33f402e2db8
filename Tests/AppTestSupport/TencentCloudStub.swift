import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Identity
import LibCrypto
import Synchronization

/// Tencent Cloud as one stub on 127.0.0.1, answering as the real service does (HTTP 200 and a `Response`
/// envelope, errors included) for both products the platform calls: SMS `SendSms` and FaceID
/// `IdCardOCRVerification`. Every request's TC3 signature is recomputed from the raw body, the Host
/// header, the timestamp and the product's service name with the stub's own copy of the secret, and the
/// clock skew checked. For the suites that test the HTTP clients; everything else uses the fakes.
///
/// SMS numbers choose failures: 13900000001 → daily limit, 13900000002 → incorrect number,
/// 13900000003 → insufficient balance. FaceID names choose answers: 张三 → "0" (match); 李四 → "-1";
/// 王五 → "-5"; 模糊 → FailedOperation.ImageBlur; 异常 → "-4" (service error); 宕机 → HTTP 502.
public final class TencentCloudStub: SMSRecorder, VerifierRecorder {
    public static let secretID = "AKIDtestsecretid0123456789"
    public static let secretKey = "tc3-test-secret-key-value"
    public static let sdkAppID = "1400000001"
    public static let signName = "湖北卫生人才"
    public static let templateID = "2000001"

    let now: @Sendable () -> Date
    private let sent = Mutex<[(phone: String, params: [String])]>([])
    private let checks = Mutex<Int>(0)
    private let notifications = Mutex<[NotificationSMS]>([])

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public func lastCode(to phone: String) -> String? {
        sent.withLock { $0.last { $0.phone == "+86" + phone }?.params.first }
    }

    public var sendCount: Int { sent.withLock { $0.count } }
    public var callCount: Int { checks.withLock { $0 } }

    /// The environment that points the server's SMS gateway and ID verifier at this stub.
    public static func environment(baseURL: String, secretKey: String = secretKey) -> [String: String] {
        [
            "SMS_GATEWAY": "tencent", "TENCENTCLOUD_SMS_ENDPOINT": baseURL, "TENCENTCLOUD_SECRET_ID": secretID,
            "TENCENTCLOUD_SECRET_KEY": secretKey, "TENCENTCLOUD_REGION": "ap-guangzhou", "SMS_SDK_APP_ID": sdkAppID,
            "SMS_SIGN_NAME": signName, "SMS_TEMPLATE_ID": templateID,
            "ID_VERIFIER": "tencent", "TENCENTCLOUD_FACEID_ENDPOINT": baseURL,
        ]
    }

    struct SendSms: Decodable {
        let PhoneNumberSet: [String]
        let SmsSdkAppId: String
        let SignName: String
        let TemplateId: String
        let TemplateParamSet: [String]
    }

    struct Check: Decodable {
        let IdCard: String
        let Name: String
        let ImageBase64: String
    }

    public var router: Router<BasicRequestContext> {
        let router = Router()
        router.post("/") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: 8 << 20))
            let action = request.headers[HTTPField.Name("X-TC-Action")!] ?? ""
            let service = action == "SendSms" ? "sms" : "faceid"
            if let failure = self.authenticate(request.headers, host: request.head.authority, body: body, service: service) {
                return Self.error(failure, "signature check failed")
            }
            switch (action, request.headers[HTTPField.Name("X-TC-Version")!]) {
            case ("SendSms", "2021-01-11"):
                guard request.headers[HTTPField.Name("X-TC-Region")!] != nil else { return Self.error("MissingParameter", "region") }
                return self.sendSms(body)
            case ("IdCardOCRVerification", "2018-03-01"):
                return self.verify(body)
            default:
                return Self.error("InvalidAction", "unexpected action headers")
            }
        }
        return router
    }

    private func sendSms(_ body: [UInt8]) -> Response {
        guard let send = try? JSONDecoder().decode(SendSms.self, from: Data(body)),
              send.SmsSdkAppId == Self.sdkAppID, send.SignName == Self.signName
        else { return Self.error("InvalidParameter", "bad SendSms parameters") }
        if send.TemplateId != Self.templateID { return notificationSms(send) }
        let phone = send.PhoneNumberSet.first ?? ""
        switch phone {
        case "+8613900000001": return Self.status(phone, code: "LimitExceeded.PhoneNumberDailyLimit")
        case "+8613900000002": return Self.status(phone, code: "InvalidParameterValue.IncorrectPhoneNumber")
        case "+8613900000003": return Self.error("FailedOperation.InsufficientBalanceInSmsPackage", "balance exhausted")
        default:
            sent.withLock { $0.append((phone, send.TemplateParamSet)) }
            return Self.status(phone, code: "Ok")
        }
    }

    private func verify(_ body: [UInt8]) -> Response {
        guard let check = try? JSONDecoder().decode(Check.self, from: Data(body)),
              let image = Data(base64Encoded: check.ImageBase64), image.starts(with: [0xFF, 0xD8, 0xFF])
        else { return Self.error("InvalidParameter", "bad request") }
        checks.withLock { $0 += 1 }
        switch check.Name {
        case "李四": return Self.result("-1", "姓名和身份证号不一致")
        case "王五": return Self.result("-5", "证件库中无此身份证记录")
        case "模糊": return Self.error("FailedOperation.ImageBlur", "图片模糊")
        case "异常": return Self.result("-4", "证件库服务异常")
        case "宕机": return Response(status: .badGateway)
        default: return Self.result("0", "姓名和身份证号一致")
        }
    }

    /// The error code Tencent Cloud would answer for a bad signature, or nil when it is good.
    /// HTTP/1's Host header arrives as the request's authority.
    private func authenticate(_ headers: HTTPFields, host: String?, body: [UInt8], service: String) -> String? {
        guard let authorization = headers[.authorization], let host,
              let timestampText = headers[HTTPField.Name("X-TC-Timestamp")!], let timestamp = Int(timestampText),
              headers[.contentType] == "application/json; charset=utf-8"
        else { return "AuthFailure.InvalidAuthorization" }
        guard abs(Double(timestamp) - now().timeIntervalSince1970) <= 300 else { return "AuthFailure.SignatureExpire" }
        guard authorization.contains("Credential=\(Self.secretID)/") else { return "AuthFailure.SecretIdNotFound" }
        let expected = TC3Signer(secretID: Self.secretID, secretKey: Self.secretKey)
            .authorization(service: service, host: host, body: body, timestamp: timestamp)
        return authorization == expected ? nil : "AuthFailure.SignatureFailure"
    }

    static func status(_ phone: String, code: String) -> Response {
        let json = #"{"Response":{"SendStatusSet":[{"SerialNo":"2028:1","PhoneNumber":"\#(phone)","Fee":1,"SessionContext":"","Code":"\#(code)","Message":"\#(code == "Ok" ? "send success" : "failed")","IsoCode":"CN"}],"RequestId":"a0aabda6-cf91-4f3e-a81f-9198114a2279"}}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    static func result(_ code: String, _ description: String) -> Response {
        let json = #"{"Response":{"Result":"\#(code)","Description":"\#(description)","Name":"","IdCard":"","Sex":"","Nation":"","Birth":"","Address":"","RequestId":"c2ccd3a0-1111-4f3e-a81f-9198114a2279"}}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    public static func error(_ code: String, _ message: String) -> Response {
        let json = #"{"Response":{"Error":{"Code":"\#(code)","Message":"\#(message)"},"RequestId":"b1bbcdf7-0000-4f3e-a81f-9198114a2279"}}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    // MARK: Notification SMS (issue 27)

    /// The notification templates the stub's SMS application has, each with one parameter (the title, at
    /// most 20 characters, as the templates were approved).
    public static let notificationTemplates: [String: String] = [
        "declaration_returned": "3000001",
        "declaration_modification_allowed": "3000002",
        "declaration_deadline_reminder": "3000003",
    ]

    public static var notificationEnvironment: [String: String] {
        Dictionary(uniqueKeysWithValues: notificationTemplates.map { ("SMS_TEMPLATE_\($0.key.uppercased())", $0.value) })
    }

    public struct NotificationSMS: Sendable, Equatable {
        public let phone: String
        public let templateID: String
        public let parameters: [String]
        public let at: Date
    }

    /// The notification SMS sent so far (signature, application, template and parameters checked).
    public var notificationsSent: [NotificationSMS] { notifications.withLock { $0 } }

    private func notificationSms(_ send: SendSms) -> Response {
        guard Self.notificationTemplates.values.contains(send.TemplateId) else {
            return Self.error("FailedOperation.TemplateIncorrectOrUnapproved", "template not approved")
        }
        guard send.TemplateParamSet.count == 1, send.TemplateParamSet.allSatisfy({ !$0.isEmpty && $0.count <= 20 }) else {
            return Self.error("InvalidParameterValue.TemplateParameterFormatError", "template parameters do not match the template")
        }
        let phone = send.PhoneNumberSet.first ?? ""
        switch phone {
        case "+8613900000001": return Self.status(phone, code: "LimitExceeded.PhoneNumberDailyLimit")
        case "+8613900000002": return Self.status(phone, code: "InvalidParameterValue.IncorrectPhoneNumber")
        default:
            notifications.withLock { $0.append(NotificationSMS(phone: phone, templateID: send.TemplateId, parameters: send.TemplateParamSet, at: now())) }
            return Self.status(phone, code: "Ok")
        }
    }
}
