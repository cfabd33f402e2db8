import Contracts
import Logging

/// Development only (`SMS_GATEWAY=console`, refused in production): writes the code to the server log
/// so `make run` works without an SMS account.
public struct ConsoleSMSGateway: SMSGateway {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func sendLoginCode(_ code: String, to phone: PhoneNumber, validMinutes: Int, requestID: String?) async throws(SMSGatewayError) {
        logger.notice(
            "development SMS gateway: login code \(code) for \(phone.masked), valid \(validMinutes) minutes",
            metadata: ["request_id": .string(requestID ?? "")]
        )
    }
}
