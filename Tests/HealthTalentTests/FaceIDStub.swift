import Foundation
import HTTPTypes
import Hummingbird
import Identity
import Synchronization

/// Answers `IdCardOCRVerification` as Tencent Cloud FaceID does (HTTP 200, a `Response` envelope, errors
/// included), after checking the TC3 signature with its own copy of the secret. The name chooses the
/// answer: 张三 → "0" (match); 李四 → "-1"; 王五 → "-5"; 模糊 → FailedOperation.ImageBlur; 异常 → "-4"
/// (service error); 宕机 → HTTP 502. Any other name matches.
final class FaceIDStub: Sendable {
    let now: @Sendable () -> Date
    private let calls = Mutex<Int>(0)

    init(now: @escaping @Sendable () -> Date) { self.now = now }

    var callCount: Int { calls.withLock { $0 } }

    struct Check: Decodable {
        let IdCard: String
        let Name: String
        let ImageBase64: String
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.post("/") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: 8 << 20))
            if let failure = self.authenticate(request.headers, host: request.head.authority, body: body) {
                return TencentSMSStub.error(failure, "signature check failed")
            }
            guard request.headers[HTTPField.Name("X-TC-Action")!] == "IdCardOCRVerification",
                  request.headers[HTTPField.Name("X-TC-Version")!] == "2018-03-01"
            else { return TencentSMSStub.error("InvalidAction", "unexpected action") }
            guard let check = try? JSONDecoder().decode(Check.self, from: Data(body)),
                  let image = Data(base64Encoded: check.ImageBase64), image.starts(with: [0xFF, 0xD8, 0xFF])
            else { return TencentSMSStub.error("InvalidParameter", "bad request") }
            self.calls.withLock { $0 += 1 }
            switch check.Name {
            case "李四": return Self.result("-1", "姓名和身份证号不一致")
            case "王五": return Self.result("-5", "证件库中无此身份证记录")
            case "模糊": return TencentSMSStub.error("FailedOperation.ImageBlur", "图片模糊")
            case "异常": return Self.result("-4", "证件库服务异常")
            case "宕机": return Response(status: .badGateway)
            default: return Self.result("0", "姓名和身份证号一致")
            }
        }
        return router
    }

    private func authenticate(_ headers: HTTPFields, host: String?, body: [UInt8]) -> String? {
        guard let authorization = headers[.authorization], let host,
              let timestamp = headers[HTTPField.Name("X-TC-Timestamp")!].flatMap(Int.init)
        else { return "AuthFailure.InvalidAuthorization" }
        guard abs(Double(timestamp) - now().timeIntervalSince1970) <= 300 else { return "AuthFailure.SignatureExpire" }
        let expected = TC3Signer(secretID: TencentSMSStub.secretID, secretKey: TencentSMSStub.secretKey)
            .authorization(service: "faceid", host: host, body: body, timestamp: timestamp)
        return authorization == expected ? nil : "AuthFailure.SignatureFailure"
    }

    static func result(_ code: String, _ description: String) -> Response {
        let json = #"{"Response":{"Result":"\#(code)","Description":"\#(description)","Name":"","IdCard":"","Sex":"","Nation":"","Birth":"","Address":"","RequestId":"c2ccd3a0-1111-4f3e-a81f-9198114a2279"}}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
