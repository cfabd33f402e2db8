import Contracts
import Foundation
import HTTPTypes
import Hummingbird

extension Problem {
    /// The RFC 9457 document, with `requestId` so support staff can find the request's log lines.
    public func response(requestID: String) -> Response {
        let body = ProblemDocument(problem: self, requestID: requestID)
        let data = (try? JSONCoding.encoder.encode(body)) ?? Data(#"{"status":500,"code":"internal_error"}"#.utf8)
        var headers: HTTPFields = [
            .contentType: "application/problem+json; charset=utf-8",
            .cacheControl: "no-store",
        ]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

/// `type`, `status`, `code`, `title`, optional `detail`, `errors` for field problems, then extensions.
private struct ProblemDocument: Encodable {
    let problem: Problem
    let requestID: String

    struct Key: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in problem.extensions {
            try container.encode(value, forKey: Key(name))
        }
        try container.encode("urn:health-talent:problem:\(problem.code)", forKey: Key("type"))
        try container.encode(problem.status, forKey: Key("status"))
        try container.encode(problem.code, forKey: Key("code"))
        try container.encode(problem.title, forKey: Key("title"))
        try container.encodeIfPresent(problem.detail, forKey: Key("detail"))
        if !problem.errors.isEmpty { try container.encode(problem.errors, forKey: Key("errors")) }
        try container.encode(requestID, forKey: Key("requestId"))
    }
}
