import Contracts
import Logging

/// `NotificationSMSSender` for Notifications: the same Tencent Cloud `SendSms` as login codes (same
/// application, signature and signer), with the notification's own template.
extension TencentSMSGateway: NotificationSMSSender {
    public func sendNotification(templateID: String, parameters: [String], to phone: PhoneNumber) async throws(NotificationSMSError) {
        do {
            try await send(templateID: templateID, parameters: parameters, to: phone, requestID: nil)
        } catch {
            switch error {
            case .rateLimited: throw .rateLimited
            case .rejectedNumber: throw .rejectedNumber
            case .unavailable(let reason): throw .unavailable(reason)
            }
        }
    }
}

/// Development: the SMS that would be sent, in the log (without the number).
extension ConsoleSMSGateway: NotificationSMSSender {
    public func sendNotification(templateID: String, parameters: [String], to phone: PhoneNumber) async throws(NotificationSMSError) {
        logger.notice(
            "development SMS gateway: notification SMS (not sent)",
            metadata: ["template_id": "\(templateID)", "parameters": "\(parameters.joined(separator: " | "))"]
        )
    }
}
