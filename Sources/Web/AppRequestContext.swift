import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes
import Synchronization

/// What every handler knows about the request beyond its bytes: who sent it (through which proxies),
/// its request id, and, once authenticated, the caller.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer: the client, or the reverse proxy in front of the service.
    public let remoteAddress: SocketAddress?
    /// Set by `RequestMetadataMiddleware` before any handler runs.
    public var requestID: String = ""
    /// The client's address, taking `X-Forwarded-For` into account only from trusted proxies.
    public var clientIP: String?
    /// Set by authentication; nil for anonymous requests.
    public var caller: Caller?
    /// Whether the client reached us over TLS: a trusted proxy's `X-Forwarded-Proto: https`
    /// (`RequestMetadataMiddleware`). Decides the console cookie's `Secure` flag.
    public var viaTLS = false
    /// The CSRF token that the console's forms on this page carry (set by the console's middleware).
    public var consoleCSRF: String?

    /// The connection, for the interim `100 Continue` (`acceptBody`).
    let channel: any Channel
    /// Set once `100 Continue` went out for this request.
    let continued = ContinueSent()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }

    /// Says "send the body" to a client that asked first (`Expect: 100-continue`). Called by whatever is
    /// about to read a body, after authentication and the route's own checks: a request refused before
    /// this answers at once and its connection closes, so the body is never sent (`ExpectContinueHandler`).
    public func acceptBody(of request: Request) async {
        guard request.headers[.expect]?.lowercased() == "100-continue", continued.markSent() else { return }
        try? await channel.writeAndFlush(HTTPResponsePart.head(HTTPResponse(status: .continue)))
    }

    /// JSON request bodies are small forms; files go through the streaming upload endpoint instead.
    public var maxUploadSize: Int { JSONCoding.maximumBodyBytes }

    public var requestDecoder: JSONDecoder { JSONCoding.decoder }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
}

public enum JSONCoding {
    public static let maximumBodyBytes = 1 << 20

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// One encoder for every response (JSONEncoder is safe to share while nobody changes its options).
    /// Instants are written as Foundation's `.iso8601` would, by hand: its formatter was a visible share
    /// of each response's CPU (docs/performance.md, issue 14).
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamps.iso8601Seconds(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension HTTPField.Name {
    public static let xRequestID = HTTPField.Name("X-Request-ID")!
    public static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    public static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}

/// Whether a request's `100 Continue` was sent; shared by the copies of one request's context.
public final class ContinueSent: Sendable {
    private let sent = Atomic<Bool>(false)

    /// True the first time only.
    func markSent() -> Bool {
        sent.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }
}
