import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import Web

@testable import App

/// Over a real socket, so the peer address is 127.0.0.1 and trust decisions are the server's own.
@Suite("Request ids and client addresses behind a reverse proxy", .timeLimit(.minutes(3)))
struct ProxyTests {
    static let body = ByteBuffer(string: #"{"name": "李四", "age": 41}"#)
    static let forwarded: HTTPFields = [
        .contentType: "application/json",
        .xForwardedFor: "198.51.100.7, 203.0.113.9",
        .xRequestID: "proxy-id-123",
    ]

    @Test func aTrustedProxysHeadersAreBelieved() async throws {
        do {
            let app = try TestApp().make(environment: ["TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"], database: TestApp.noDatabase) { $0.addTestRoutes() }
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
        do {
            let app = try TestApp().make(environment: ["TRUSTED_PROXIES": "10.0.0.0/8"], database: TestApp.noDatabase) { $0.addTestRoutes() }
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
        do {
            let app = try TestApp().make(environment: ["TRUSTED_PROXIES": "127.0.0.1"], database: TestApp.noDatabase)
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
