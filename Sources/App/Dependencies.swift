import Blocking
import AsyncHTTPClient
import Attachments
import Contracts
import Identity
import Logging
import Notifications
import Postgres
import Web

/// The outside world the modules talk to, chosen from the configuration: real HTTP clients for WeChat
/// and Tencent Cloud, or the development stand-ins `make run` uses. Tests build the same thing with a
/// clock they control and endpoints on 127.0.0.1.
public struct Dependencies: Sendable {
    public let clock: any WallClock
    public let wechat: any WeChatLoginClient
    public let sms: any SMSGateway
    public let idVerifier: any IDVerifier
    /// Threads for blocking file I/O (the attachment store).
    public let fileIO: BlockingExecutor
    /// How upload bytes reach the disk (tests make it fail as a full disk does).
    public var blobWriter: BlobFileWriter = .live
    /// WeChat's subscribe-message API for the notification worker; nil: development, what would be sent is logged.
    public var wechatMessenger: (any WeChatMessenger)?
    /// Tencent Cloud SMS for notifications (the login gateway's application and signer); nil: logged.
    public var notificationSMS: (any NotificationSMSSender)?

    /// `fileIO` defaults to a new pool of four threads; tests pass one shared pool instead.
    public static func live(
        configuration: AppConfiguration, clock: any WallClock = SystemClock(), fileIO: BlockingExecutor? = nil, logger: Logger
    ) -> Dependencies {
        let http = HTTPClient.shared
        let wechat: any WeChatLoginClient = switch configuration.wechat {
        case .live(let baseURL, let appID, let appSecret):
            LiveWeChatLoginClient(http: http, baseURL: baseURL, appID: appID, appSecret: appSecret, logger: logger)
        case .development:
            DevelopmentWeChatLoginClient()
        }
        // SMS and ID verification sign with the same TENCENTCLOUD_SECRET_ID/KEY: one signer for both, made
        // by the first of them that is configured and reused by the other.
        var signer: TC3Signer?
        func tencentSigner(_ credentials: AppConfiguration.TencentCloudCredentials) -> TC3Signer {
            if let signer { return signer }
            let made = TC3Signer(secretID: credentials.secretID, secretKey: credentials.secretKey)
            signer = made
            return made
        }
        let sms: any SMSGateway & NotificationSMSSender = switch configuration.sms {
        case .tencent(let settings, let credentials):
            TencentSMSGateway(http: http, signer: tencentSigner(credentials), settings: settings, clock: clock, logger: logger)
        case .console:
            ConsoleSMSGateway(logger: logger)
        }
        let idVerifier: any IDVerifier = switch configuration.idVerifier {
        case .tencent(let endpoint, let credentials):
            TencentFaceIDVerifier(http: http, signer: tencentSigner(credentials), endpoint: endpoint, clock: clock, logger: logger)
        case .development:
            DevelopmentIDVerifier()
        }
        var dependencies = Dependencies(clock: clock, wechat: wechat, sms: sms, idVerifier: idVerifier, fileIO: fileIO ?? BlockingExecutor(threadCount: 4))
        dependencies.notificationSMS = sms
        if case .live(let baseURL, let appID, let appSecret) = configuration.wechat {
            dependencies.wechatMessenger = LiveWeChatMessenger(http: http, baseURL: baseURL, appID: appID, appSecret: appSecret, logger: logger)
        }
        return dependencies
    }

    public init(clock: any WallClock, wechat: any WeChatLoginClient, sms: any SMSGateway, idVerifier: any IDVerifier, fileIO: BlockingExecutor) {
        self.clock = clock
        self.wechat = wechat
        self.sms = sms
        self.idVerifier = idVerifier
        self.fileIO = fileIO
    }
}
