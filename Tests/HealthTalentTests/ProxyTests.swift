import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import Web

@testable import App

/// Over a real socket, so the peer address is 127.0.0.1 and trust decisions are the server's own.
@Suite("Request ids and client addresses behind a reverse proxy")
struct ProxyTests {
    static let body = ByteBuffer(string: #"{"name": "李四", "age": 41}"#)
    static let forwarded: HTTPFields = [
        .contentType: "application/json",
        .xForwardedFor: "198.51.100.7, 203.0.113.9",
        .xRequestID: "proxy-id-123",
    ]

    @Test func aTrustedProxysHeadersAreBelieved() async throws {
        try await TestDatabase.with { setup async throws in
            let app = try TestApp().make(environment: ["TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"], database: setup.database) { $0.addTestRoutes() }
            try await app.test(.live) { client in
                let response = try await client.execute(uri: "/test/echo", method: .post, headers: Self.forwarded, body: Self.body)
                #expect(response.status == .ok)
                // Right-most address that is not a trusted proxy.
                #expect(response.json["clientIP"] as? String == "203.0.113.9")
                #expect(response.json["requestID"] as? String == "proxy-id-123")
                #expect(response.headers[.xRequestID] == "proxy-id-123")
            }
        }
    }

    @Test func anUntrustedPeersHeadersAreIgnored() async throws {
        try await TestDatabase.with { setup async throws in
            let app = try TestApp().make(environment: ["TRUSTED_PROXIES": "10.0.0.0/8"], database: setup.database) { $0.addTestRoutes() }
            try await app.test(.live) { client in
                let response = try await client.execute(uri: "/test/echo", method: .post, headers: Self.forwarded, body: Self.body)
                #expect(response.json["clientIP"] as? String == "127.0.0.1")
                let generated = try #require(response.headers[.xRequestID])
                #expect(generated != "proxy-id-123")
                #expect(UUID(uuidString: generated) != nil)
                #expect(response.json["requestID"] as? String == generated)
            }
        }
    }

    @Test func aRequestIDIsGeneratedWhenNoneIsSent() async throws {
        try await TestDatabase.with { setup async throws in
            let app = try TestApp().make(environment: ["TRUSTED_PROXIES": "127.0.0.1"], database: setup.database)
            try await app.test(.live) { client in
                let first = try await client.execute(uri: "/healthz", method: .get)
                let second = try await client.execute(uri: "/healthz", method: .get)
                let firstID = try #require(first.headers[.xRequestID])
                #expect(UUID(uuidString: firstID) != nil)
                #expect(first.headers[.xRequestID] != second.headers[.xRequestID])
                // A trusted proxy's id that could inject text into logs is replaced.
                let hostile = try await client.execute(uri: "/healthz", method: .get, headers: [.xRequestID: "abc\" level=error"])
                #expect(hostile.headers[.xRequestID] != "abc\" level=error")
            }
        }
    }
}

@Suite("Trusted proxy lists")
struct TrustedProxiesTests {
    @Test func blocksMatchIPv4AndIPv6() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.1, fd00::/8, ::1")
        #expect(proxies.contains("10.200.3.4"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(proxies.contains("192.168.1.1"))
        #expect(!proxies.contains("192.168.1.2"))
        #expect(proxies.contains("fd12:3456::1"))
        #expect(!proxies.contains("fe80::1"))
        #expect(proxies.contains("::1"))
        #expect(proxies.contains("::ffff:10.1.1.1"))  // IPv4-mapped
        #expect(!proxies.contains("not-an-address"))
    }

    @Test func invalidEntriesAreAllReported() {
        let error = #expect(throws: TrustedProxies.InvalidEntries.self) {
            try TrustedProxies(parsing: "10.0.0.0/33, 127.0.0.1, example.com, ::1/200")
        }
        #expect(error?.entries == ["10.0.0.0/33", "example.com", "::1/200"])
    }

    @Test func theClientIsTheRightMostUntrustedHop() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8")
        #expect(proxies.clientAddress(forwardedFor: ["1.1.1.1, 2.2.2.2, 10.0.0.5"], peer: "10.0.0.1") == "2.2.2.2")
        #expect(proxies.clientAddress(forwardedFor: ["1.1.1.1", "2.2.2.2"], peer: "10.0.0.1") == "2.2.2.2")
        #expect(proxies.clientAddress(forwardedFor: [], peer: "10.0.0.1") == "10.0.0.1")
        #expect(proxies.clientAddress(forwardedFor: ["10.0.0.9"], peer: "10.0.0.1") == "10.0.0.9")
        // Garbage to the right stops the walk at the last good hop.
        #expect(proxies.clientAddress(forwardedFor: ["1.1.1.1, garbage"], peer: "10.0.0.1") == "10.0.0.1")
    }
}
