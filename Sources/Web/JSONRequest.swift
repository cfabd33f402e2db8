import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body of at most `JSONCoding.maximumBodyBytes`. Unlike Hummingbird's `decode`, which
    /// turns every decoding failure into a bare 400, this keeps the `DecodingError`, so the client learns
    /// which field is wrong (422) or that the body is not JSON at all (400). Before decoding, the body is
    /// checked for what the decoder would accept silently: NUL characters, duplicate keys, deep nesting;
    /// after it, for members the type does not read.
    public func decodeJSON<T: Decodable>(as type: T.Type = T.self, context: AppRequestContext) async throws -> T {
        await context.acceptBody(of: self)
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        return try Self.decode(buffer, as: type, context: context)
    }

    /// For an operation whose body is optional: nil when none (or an empty one) was sent.
    public func decodeJSONOrEmpty<T: Decodable>(as type: T.Type = T.self, context: AppRequestContext) async throws -> T? {
        await context.acceptBody(of: self)
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        return try Self.decode(buffer, as: type, context: context)
    }

    /// Every body is closed: a member its type does not read, at any depth, is refused (422
    /// `unknown_field` naming its path) rather than silently ignored, so a misspelt field cannot pass
    /// for an absent one. The members are learnt from the type itself after it decoded (so a wrong
    /// value is reported as such, not as an unknown member next to it).
    private static func decode<T: Decodable>(_ buffer: ByteBuffer, as type: T.Type, context: AppRequestContext) throws -> T {
        if let problem = buffer.withUnsafeReadableBytes({ JSONBodyCheck.problem(in: $0) }) { throw problem }
        let value = try context.requestDecoder.decode(T.self, from: buffer)
        let problem = buffer.withUnsafeReadableBytes { bytes in
            JSONMemberRecorder.members(of: T.self, in: bytes).flatMap { JSONBodyCheck.problem(in: bytes, allowed: $0) }
        }
        if let problem { throw problem }
        return value
    }
}

/// A body that must be empty or `{}` (an action that takes no input): opening it as an object with no
/// keys makes every member unknown, so a client that believes it sends something learns it does not.
public struct EmptyRequest: Decodable, Sendable {
    private enum CodingKeys: CodingKey {}

    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: CodingKeys.self)
    }
}
