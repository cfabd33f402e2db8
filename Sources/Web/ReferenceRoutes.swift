import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import LibCrypto
import NIOCore

/// `GET /api/v1/reference`: every stable code the clients show, with its label, grouped by list, and
/// the data that explains the rules (the eligibility table of the current cycle). The lists are built
/// once at start-up (they change only with a release); the data members are read on each request. The
/// document is cacheable: an `ETag` (the SHA-256 of the bytes) and `If-None-Match` → 304.
public enum ReferenceRoutes {
    public static func register(
        on group: RouterGroup<AppRequestContext>, providers: [any ReferenceListProvider], data: [any ReferenceDataProvider] = []
    ) {
        let lists = Self.lists(providers.flatMap(\.referenceLists))
        group.get("/reference") { request, _ -> Response in
            var members: [String: (any Encodable & Sendable)?] = [:]
            for provider in data {
                members.merge(try await provider.referenceData()) { first, _ in first }
            }
            let body = try Self.document(lists: lists, data: members)
            let etag = "\"\(Hex.encode(SHA256.hash(body)).prefix(32))\""
            var headers: HTTPFields = [.eTag: etag, .cacheControl: "public, max-age=300"]
            let cached = request.headers[values: .ifNoneMatch].flatMap { $0.split(separator: ",") }
                .contains { let tag = $0.trimmingCharacters(in: .whitespaces); return tag == etag || tag == "*" || tag == "W/\(etag)" }
            if cached { return Response(status: .notModified, headers: headers) }
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    /// `{"<name>": [{"code", "label"}, …], …}`, keys sorted.
    static func lists(_ lists: [ReferenceList]) -> [UInt8] {
        struct Item: Encodable { let code: String; let label: String }
        let document = Dictionary(lists.map { ($0.name, $0.items.map { Item(code: $0.code, label: $0.label) }) }, uniquingKeysWith: { first, _ in first })
        return Array((try? JSONCoding.encoder.encode(document)) ?? Data("{}".utf8))
    }

    /// `{"lists": {…}, "<data member>": …}`, members in sorted order, so equal content gives equal bytes
    /// (and ETag).
    static func document(lists: [UInt8], data: [String: (any Encodable & Sendable)?]) throws -> [UInt8] {
        var members: [(String, [UInt8])] = [("lists", lists)]
        for (name, value) in data where name != "lists" {
            members.append((name, try value.map { Array(try JSONCoding.encoder.encode($0)) } ?? Array("null".utf8)))
        }
        var body: [UInt8] = [UInt8(ascii: "{")]
        for (index, (name, json)) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body += Array(try JSONCoding.encoder.encode(name))
            body.append(UInt8(ascii: ":"))
            body += json
        }
        body.append(UInt8(ascii: "}"))
        return body
    }
}
