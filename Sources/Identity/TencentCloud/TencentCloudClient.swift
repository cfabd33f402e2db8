import AsyncHTTPClient
import Contracts
import Foundation
import NIOCore
import NIOHTTP1

/// Calls one Tencent Cloud API 3.0 action: a TC3-signed JSON POST to the endpoint's root, whose reply is
/// `{"Response": {…, "RequestId"}}` or, for any failure, `{"Response": {"Error": {"Code", "Message"}}}`
/// with HTTP 200.
struct TencentCloudClient: Sendable {
    let http: HTTPClient
    let endpoint: URL
    let signer: TC3Signer
    let clock: any WallClock
    let timeout: TimeAmount

    enum Failure: Error, CustomStringConvertible {
        /// The service could not be reached or did not answer in time.
        case transport(String)
        /// An HTTP status other than 200.
        case status(Int)
        /// The service answered with an error code.
        case api(code: String, message: String, requestID: String?)
        /// The reply was not the documented shape.
        case malformedReply

        var description: String {
            switch self {
            case .transport(let reason): "transport failure: \(reason)"
            case .status(let status): "HTTP status \(status)"
            case .api(let code, let message, let requestID): "\(code): \(message) (RequestId \(requestID ?? "none"))"
            case .malformedReply: "reply not in the documented shape"
            }
        }
    }

    /// `host[:port]` exactly as sent in the Host header and signed.
    var host: String {
        let hostName = endpoint.host ?? ""
        if let port = endpoint.port { return "\(hostName):\(port)" }
        return hostName
    }

    func call<Reply: Decodable>(
        service: String, action: String, version: String, region: String?, payload: some Encodable, reply: Reply.Type
    ) async throws(Failure) -> Reply {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(payload))
        } catch {
            preconditionFailure("request payload for \(action) cannot be encoded: \(error)")
        }
        let timestamp = Int(clock.now().timeIntervalSince1970)
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: TC3Signer.contentType)
        request.headers.add(name: "Host", value: host)
        request.headers.add(name: "X-TC-Action", value: action)
        request.headers.add(name: "X-TC-Version", value: version)
        request.headers.add(name: "X-TC-Timestamp", value: String(timestamp))
        if let region { request.headers.add(name: "X-TC-Region", value: region) }
        request.headers.add(
            name: "Authorization",
            value: signer.authorization(service: service, host: host, body: body, timestamp: timestamp)
        )
        request.body = .bytes(body)

        let data: Data
        do {
            let response = try await http.execute(request, timeout: timeout)
            guard response.status == .ok else { throw Failure.status(Int(response.status.code)) }
            data = Data(buffer: try await response.body.collect(upTo: 1 << 20))
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .transport(String(describing: error))
        }

        if let envelope = try? JSONDecoder().decode(Envelope<ErrorReply>.self, from: data), let error = envelope.response.error {
            throw .api(code: error.code, message: error.message, requestID: envelope.response.requestID)
        }
        guard let envelope = try? JSONDecoder().decode(Envelope<Reply>.self, from: data) else { throw .malformedReply }
        return envelope.response
    }

    private struct Envelope<Inner: Decodable>: Decodable {
        let response: Inner
        enum CodingKeys: String, CodingKey { case response = "Response" }
    }

    private struct ErrorReply: Decodable {
        struct APIError: Decodable {
            let code: String
            let message: String
            enum CodingKeys: String, CodingKey { case code = "Code", message = "Message" }
        }
        let error: APIError?
        let requestID: String?
        enum CodingKeys: String, CodingKey { case error = "Error", requestID = "RequestId" }
    }
}
