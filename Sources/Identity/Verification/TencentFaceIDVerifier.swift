import AsyncHTTPClient
import Contracts
import Foundation
import Logging
import NIOCore

/// Tencent Cloud FaceID `IdCardOCRVerification` (version 2018-03-01): the portrait side of the ID card is
/// read and compared with the name and number.
public struct TencentFaceIDVerifier: IDVerifier {
    let client: TencentCloudClient
    let logger: Logger

    public init(http: HTTPClient, signer: TC3Signer, endpoint: URL, clock: any WallClock, logger: Logger, timeout: TimeAmount = .seconds(15)) {
        client = TencentCloudClient(http: http, endpoint: endpoint, signer: signer, clock: clock, timeout: timeout)
        self.logger = logger
    }

    struct Request: Encodable {
        let IdCard: String
        let Name: String
        let ImageBase64: String
    }

    struct Reply: Decodable {
        let Result: String
        let Description: String?
    }

    public func verify(name: String, residentID: String, portraitImage: [UInt8]) async throws(IDVerifierError) -> IDVerification {
        let request = Request(IdCard: residentID, Name: name, ImageBase64: Data(portraitImage).base64EncodedString())
        let reply: Reply
        do {
            reply = try await client.call(
                service: "faceid", action: "IdCardOCRVerification", version: "2018-03-01", region: nil, payload: request, reply: Reply.self
            )
        } catch {
            if case .api(let code, _, _) = error, let reason = Self.imageProblems[code] { return .mismatch(reason: reason) }
            logger.error("ID verification service failed", metadata: ["failure": "\(error)"])
            throw .unavailable("\(error)")
        }
        switch reply.Result {
        case "0": return .match
        case "-1": return .mismatch(reason: "姓名和身份证号不一致")
        case "-2": return .mismatch(reason: "身份证号码无效")
        case "-3": return .mismatch(reason: "姓名无效")
        case "-5": return .mismatch(reason: "证件库中无此身份证记录")
        default:
            // -4 (证件库服务异常), -6 (系统升级中), -7 (超过当日次数) and anything new: the service's problem.
            logger.error("ID verification service could not check", metadata: ["result": "\(reply.Result)"])
            throw .unavailable("Result \(reply.Result)")
        }
    }

    /// The photo is unusable: the candidate should take it again; these count as attempts.
    static let imageProblems: [String: String] = [
        "FailedOperation.ImageBlur": "照片模糊，请重新拍摄",
        "FailedOperation.ImageNoIdCard": "照片中未检测到身份证，请将身份证置于框内重新拍摄",
        "FailedOperation.ImageDecodeFailed": "照片无法识别，请重新拍摄",
        "FailedOperation.ImageSizeTooLarge": "照片过大，请重新拍摄",
        "FailedOperation.OcrFailed": "未能识别证件信息，请重新拍摄",
        "FailedOperation.EmptyImageError": "照片为空，请重新拍摄",
    ]
}
