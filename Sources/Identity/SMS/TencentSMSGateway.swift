import AsyncHTTPClient
import Contracts
import Foundation
import Logging
import NIOCore

/// Tencent Cloud SMS `SendSms` (version 2021-01-11).
public struct TencentSMSGateway: SMSGateway {
    public struct Settings: Sendable {
        public var endpoint: URL
        public var region: String
        public var sdkAppID: String
        public var signName: String
        public var templateID: String

        public init(endpoint: URL, region: String, sdkAppID: String, signName: String, templateID: String) {
            self.endpoint = endpoint
            self.region = region
            self.sdkAppID = sdkAppID
            self.signName = signName
            self.templateID = templateID
        }
    }

    let client: TencentCloudClient
    let settings: Settings
    let logger: Logger

    public init(http: HTTPClient, signer: TC3Signer, settings: Settings, clock: any WallClock, logger: Logger) {
        client = TencentCloudClient(http: http, endpoint: settings.endpoint, signer: signer, clock: clock, timeout: .seconds(10))
        self.settings = settings
        self.logger = logger
    }

    struct Request: Encodable {
        let PhoneNumberSet: [String]
        let SmsSdkAppId: String
        let SignName: String
        let TemplateId: String
        let TemplateParamSet: [String]
    }

    struct Reply: Decodable {
        struct Status: Decodable {
            let Code: String
            let Message: String?
        }
        let SendStatusSet: [Status]
    }

    public func sendLoginCode(_ code: String, to phone: PhoneNumber, validMinutes: Int, requestID: String?) async throws(SMSGatewayError) {
        try await send(templateID: settings.templateID, parameters: [code, String(validMinutes)], to: phone, requestID: requestID)
    }

    /// One SMS of `templateID` (login codes, notifications).
    func send(templateID: String, parameters: [String], to phone: PhoneNumber, requestID: String?) async throws(SMSGatewayError) {
        let request = Request(
            PhoneNumberSet: [phone.international], SmsSdkAppId: settings.sdkAppID, SignName: settings.signName,
            TemplateId: templateID, TemplateParamSet: parameters
        )
        let reply: Reply
        do {
            reply = try await client.call(service: "sms", action: "SendSms", version: "2021-01-11", region: settings.region, payload: request, reply: Reply.self)
        } catch {
            if case .api(let code, _, _) = error, let mapped = Self.map(code) { throw mapped }
            logger.error("SMS gateway failed", metadata: ["phone": "\(phone.masked)", "failure": "\(error)", "request_id": "\(requestID ?? "")"])
            throw .unavailable("\(error)")
        }
        // Success is per number: the request can succeed while the one entry failed.
        guard let status = reply.SendStatusSet.first else { throw .unavailable("empty SendStatusSet") }
        guard status.Code == "Ok" else {
            if let mapped = Self.map(status.Code) { throw mapped }
            logger.error("SMS gateway refused a number", metadata: ["phone": "\(phone.masked)", "code": "\(status.Code)", "request_id": "\(requestID ?? "")"])
            throw .unavailable(status.Code)
        }
    }

    static func map(_ code: String) -> SMSGatewayError? {
        if code.hasPrefix("LimitExceeded.PhoneNumber") { return .rateLimited }
        if code == "InvalidParameterValue.IncorrectPhoneNumber" || code == "FailedOperation.PhoneNumberInBlacklist" { return .rejectedNumber }
        return nil
    }
}
