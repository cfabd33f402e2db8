import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import LibCrypto
import NIOCore

/// `GET /api/v1/reference`: every stable code the clients show, with its label, grouped by list.
/// The document is built once at start-up; it changes only with a release, so it is cacheable: an
/// `ETag` (its SHA-256) and `If-None-Match` → 304.
public enum ReferenceRoutes {
    public static func register(on group: RouterGroup<AppRequestContext>, providers: [any ReferenceListProvider]) {
        let lists = providers.flatMap(\.referenceLists)
        let body = Self.document(lists)
        let etag = "\"\(Hex.encode(SHA256.hash(body)).prefix(32))\""
        group.get("/reference") { request, _ -> Response in
            var headers: HTTPFields = [.eTag: etag, .cacheControl: "public, max-age=3600"]
            let cached = request.headers[values: .ifNoneMatch].flatMap { $0.split(separator: ",") }
                .contains { let tag = $0.trimmingCharacters(in: .whitespaces); return tag == etag || tag == "*" || tag == "W/\(etag)" }
            if cached { return Response(status: .notModified, headers: headers) }
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    /// `{"lists": {"<name>": [{"code", "label"}, …], …}}`, keys sorted, so the bytes (and the ETag) are stable.
    static func document(_ lists: [ReferenceList]) -> [UInt8] {
        struct Item: Encodable { let code: String; let label: String }
        struct Document: Encodable { let lists: [String: [Item]] }
        let document = Document(lists: Dictionary(lists.map { ($0.name, $0.items.map { Item(code: $0.code, label: $0.label) }) }, uniquingKeysWith: { first, _ in first }))
        return Array((try? JSONCoding.encoder.encode(document)) ?? Data("{\"lists\":{}}".utf8))
    }
}
