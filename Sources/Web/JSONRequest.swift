import Hummingbird

extension Request {
    /// Decodes a JSON body of at most `JSONCoding.maximumBodyBytes`. Unlike Hummingbird's `decode`, which
    /// turns every decoding failure into a bare 400, this keeps the `DecodingError`, so the client learns
    /// which field is wrong (422) or that the body is not JSON at all (400).
    public func decodeJSON<T: Decodable>(as type: T.Type = T.self, context: AppRequestContext) async throws -> T {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        return try context.requestDecoder.decode(T.self, from: buffer)
    }
}
