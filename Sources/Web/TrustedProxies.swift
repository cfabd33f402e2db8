#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` and `X-Request-ID` headers are believed: addresses and
/// CIDR blocks, IPv4 or IPv6.
public struct TrustedProxies: Sendable, Equatable {
    struct Block: Sendable, Equatable {
        let address: [UInt8]
        let prefixLength: Int

        func contains(_ candidate: [UInt8]) -> Bool {
            guard candidate.count == address.count else { return false }
            var remaining = prefixLength
            for (a, b) in zip(address, candidate) where remaining > 0 {
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let blocks: [Block]

    public static let none = TrustedProxies(blocks: [])

    init(blocks: [Block]) { self.blocks = blocks }

    /// Parses a comma-separated list such as `10.0.0.0/8, 127.0.0.1, ::1`.
    /// Throws with every entry that does not parse.
    public init(parsing list: String) throws(InvalidEntries) {
        var blocks: [Block] = []
        var invalid: [String] = []
        for raw in list.split(separator: ",") {
            let entry = raw.trimmingBlanks(where: \.isHTTPWhitespace)
            guard !entry.isEmpty else { continue }
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let address = Self.parseAddress(String(parts[0])) else {
                invalid.append(entry)
                continue
            }
            let maximum = address.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...maximum).contains(length) else {
                    invalid.append(entry)
                    continue
                }
                blocks.append(Block(address: address, prefixLength: length))
            } else {
                blocks.append(Block(address: address, prefixLength: maximum))
            }
        }
        guard invalid.isEmpty else { throw InvalidEntries(entries: invalid) }
        self.blocks = blocks
    }

    public struct InvalidEntries: Error, Equatable {
        public let entries: [String]
    }

    public var isEmpty: Bool { blocks.isEmpty }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.parseAddress(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client address for a request that arrived from the trusted proxy `peer`: the right-most
    /// `X-Forwarded-For` entry that is not itself a trusted proxy. Entries to its left were written by
    /// the client and cannot be believed. Falls back to the peer when the header is absent or malformed.
    public func clientAddress(forwardedFor headerValues: [String], peer: String) -> String {
        let entries = headerValues
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingBlanks(where: \.isHTTPWhitespace) }
        var candidate = peer
        for entry in entries.reversed() {
            guard Self.parseAddress(entry) != nil else { return candidate }
            candidate = entry
            if !contains(entry) { return entry }
        }
        return candidate
    }

    /// Network-order bytes of an IPv4 or IPv6 address; an IPv4-mapped IPv6 address reads as IPv4.
    static func parseAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return Array(bytes[12...])
            }
            return bytes
        }
        return nil
    }
}
