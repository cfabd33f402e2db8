import Contracts
import Foundation
import Hummingbird
import NIOCore

/// Writes JSON straight into bytes, for the hottest responses (`GET /me`): Foundation's `JSONEncoder`
/// goes through Codable's generic containers and was 12 % of the server's CPU for `/me`
/// (docs/performance.md, issue 14). Output is byte for byte what `JSONCoding.encoder` writes (sorted
/// keys, slashes unescaped, instants to the second), which a test holds it to; callers write keys in
/// sorted order themselves.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next key or element needs a comma before it.
    private var afterValue = false

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); afterValue = false }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); afterValue = true }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); afterValue = false }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); afterValue = true }

    /// A member's key; its value follows.
    public mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        afterValue = false
    }

    /// A key known only at run time (a dictionary's); escaped like any string.
    public mutating func key(dynamic key: String) {
        string(key)
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    public mutating func string(_ value: String?) {
        separate()
        guard let value else { return appendNull() }
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        afterValue = true
    }

    public mutating func int(_ value: Int?) {
        separate()
        guard let value else { return appendNull() }
        bytes.append(contentsOf: String(value).utf8)
        afterValue = true
    }

    public mutating func bool(_ value: Bool?) {
        separate()
        guard let value else { return appendNull() }
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        afterValue = true
    }

    /// An instant as `JSONCoding.encoder` writes it.
    public mutating func date(_ value: Date?) {
        string(value.map(Timestamps.iso8601Seconds))
    }

    public mutating func null() {
        separate()
        appendNull()
    }

    private mutating func appendNull() {
        bytes.append(contentsOf: "null".utf8)
        afterValue = true
    }

    private mutating func separate() {
        if afterValue { bytes.append(UInt8(ascii: ",")) }
        afterValue = false
    }

    /// A `200` response with the bytes, headed as Hummingbird heads encoded JSON.
    public func response(status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
