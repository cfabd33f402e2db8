import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

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

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
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

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension HTTPField.Name {
    public static let xRequestID = HTTPField.Name("X-Request-ID")!
    public static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
