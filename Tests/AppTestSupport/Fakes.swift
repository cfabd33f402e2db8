import Contracts
import Foundation
import Identity
import Synchronization

/// What a test asks of whatever delivered SMS codes (the fake or the Tencent Cloud stub).
public protocol SMSRecorder: Sendable {
    func lastCode(to phone: String) -> String?
    var sendCount: Int { get }
}

/// What a test asks of whatever verified identity documents.
public protocol VerifierRecorder: Sendable {
    var callCount: Int { get }
}

/// In-process `SMSGateway`: records codes, and answers like the provider for the same special numbers
/// as the Tencent Cloud stub (13900000001 → rate limited, …02 → rejected, …03 → unavailable).
public final class FakeSMSGateway: SMSGateway, SMSRecorder {
    private let sent = Mutex<[(phone: String, code: String)]>([])

    public init() {}

    public func sendLoginCode(_ code: String, to phone: PhoneNumber, validMinutes: Int, requestID: String?) async throws(SMSGatewayError) {
        switch phone.digits {
        case "13900000001": throw .rateLimited
        case "13900000002": throw .rejectedNumber
        case "13900000003": throw .unavailable("FailedOperation.InsufficientBalanceInSmsPackage")
        default: sent.withLock { $0.append((phone.digits, code)) }
        }
    }

    public func lastCode(to phone: String) -> String? { sent.withLock { $0.last { $0.phone == phone }?.code } }
    public var sendCount: Int { sent.withLock { $0.count } }
}

/// In-process `IDVerifier` with the stub's outcomes by name: 李四 → 姓名和身份证号不一致; 王五 → no record;
/// 模糊 → blurred photo (counts); 异常 and 宕机 → the service fails (does not count); others match.
public final class FakeIDVerifier: IDVerifier, VerifierRecorder {
    private let calls = Mutex<Int>(0)

    public init() {}

    public var callCount: Int { calls.withLock { $0 } }

    public func verify(name: String, residentID: String, portraitImage: [UInt8]) async throws(IDVerifierError) -> IDVerification {
        calls.withLock { $0 += 1 }
        switch name {
        case "李四": return .mismatch(reason: "姓名和身份证号不一致")
        case "王五": return .mismatch(reason: "证件库中无此身份证记录")
        case "模糊": return .mismatch(reason: "照片模糊，请重新拍摄")
        case "异常", "宕机": throw .unavailable("fake outage")
        default: return .match
        }
    }
}

/// In-process `WeChatLoginClient` with the stub's codes: `user-<x>` → openid `openid-<x>`; `invalid`,
/// `used` → invalid; `limited` → rate limited; `risky` → high risk; `busy` → unavailable.
public final class FakeWeChatLoginClient: WeChatLoginClient {
    public init() {}

    public func exchange(code: String) async throws(WeChatLoginError) -> WeChatIdentity {
        switch code {
        case "invalid", "used": throw .invalidCode
        case "limited": throw .rateLimited
        case "risky": throw .highRisk
        case "busy": throw .unavailable("fake -1")
        default:
            let user = code.hasPrefix("user-") ? String(code.dropFirst(5)) : code
            return WeChatIdentity(openID: "openid-\(user)", unionID: "union-\(user)")
        }
    }
}
