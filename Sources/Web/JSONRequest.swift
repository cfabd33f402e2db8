import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body of at most `JSONCoding.maximumBodyBytes`. Unlike Hummingbird's `decode`, which
    /// turns every decoding failure into a bare 400, this keeps the `DecodingError`, so the client learns
    /// which field is wrong (422) or that the body is not JSON at all (400). Before decoding, the body is
    /// checked for what the decoder would accept silently: NUL characters, duplicate keys, unknown
    /// members of a `StrictBody`, deep nesting.
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

    private static func decode<T: Decodable>(_ buffer: ByteBuffer, as type: T.Type, context: AppRequestContext) throws -> T {
        let fields = (T.self as? any StrictBody.Type)?.fields
        if let problem = buffer.withUnsafeReadableBytes({ JSONBodyCheck.problem(in: $0, fields: fields) }) { throw problem }
        return try context.requestDecoder.decode(T.self, from: buffer)
    }
}

/// A request body whose members are all known: any other member is refused (422 `unknown_field`) rather
/// than silently ignored, so a misspelt field cannot pass for an absent one.
public protocol StrictBody: Decodable {
    static var fields: Set<String> { get }
}
