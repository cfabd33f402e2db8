import Contracts
import Foundation
import Hummingbird
import Web

// The only sign-in types that reach HTTP.

struct LoginResponse: ResponseEncodable, Sendable {
    let token: String
    /// The absolute end of the session; it also ends after `idleTimeoutSeconds` without requests.
    let expiresAt: Date
    let idleTimeoutSeconds: Int
    let account: MeResponse
}

struct WeChatLoginRequest: Decodable {
    let code: String
}

struct SMSRequest: Decodable {
    let phone: String
}

struct PhoneCodeRequest: Decodable {
    let phone: String
    let code: String
}

extension SMSCodeSender.Receipt: ResponseEncodable {}
