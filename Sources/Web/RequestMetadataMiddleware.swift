import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Establishes the request id and the client address before anything else runs, puts the id on every
/// log line of the request, and echoes it in the response.
public struct RequestMetadataMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    let trustedProxies: TrustedProxies

    public init(trustedProxies: TrustedProxies) {
        self.trustedProxies = trustedProxies
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let peer = context.remoteAddress?.ipAddress
        let peerIsTrusted = peer.map(trustedProxies.contains) ?? false

        if let peer, peerIsTrusted {
            context.clientIP = trustedProxies.clientAddress(forwardedFor: request.headers[values: .xForwardedFor], peer: peer)
            context.viaTLS = request.headers[.xForwardedProto]?.lowercased() == "https"
        } else {
            context.clientIP = peer
        }
        let forwardedID = peerIsTrusted ? request.headers[.xRequestID].flatMap(Self.acceptableRequestID) : nil
        let requestID = forwardedID ?? Self.randomRequestID()
        context.requestID = requestID
        context.logger[metadataKey: "request_id"] = .string(requestID)
        // Hummingbird's own per-request id would be a second, unrelated id on every line.
        context.logger[metadataKey: "hb.request.id"] = nil

        var response = try await next(request, context)
        response.headers[.xRequestID] = requestID
        return response
    }

    /// A proxy's id is reused only when it is short and plain, so it cannot inject text into logs.
    /// A random (version 4) UUID in lowercase. Not `UUID()`: on Linux it opens /dev/urandom on every
    /// call, a file open per request (issue 14); the system generator reads getrandom(2).
    static func randomRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for half in 0..<2 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.replaceSubrange(half * 8..<half * 8 + 8, with: $0) }
        }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func acceptableRequestID(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count),
              value.utf8.allSatisfy({ byte in
                  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                      || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
              })
        else { return nil }
        return value
    }
}
