import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import Web

@testable import App

@Suite("Trusted proxy lists", .timeLimit(.minutes(3)))
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
