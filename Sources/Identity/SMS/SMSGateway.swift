import Contracts

/// Delivers login codes by SMS.
public protocol SMSGateway: Sendable {
    /// `requestID` ties what the gateway logs to the request that asked for the code.
    func sendLoginCode(_ code: String, to phone: PhoneNumber, validMinutes: Int, requestID: String?) async throws(SMSGatewayError)
}

public enum SMSGatewayError: Error, Equatable {
    /// The provider's own per-number limits (→ 429).
    case rateLimited
    /// The provider will not deliver to this number (→ 422).
    case rejectedNumber
    /// The provider failed or refused us (credentials, balance, outage) (→ 503, logged for operators).
    case unavailable(String)
}
