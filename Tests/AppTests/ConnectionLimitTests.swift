import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Slow, silent and surplus connections, and requests that are not HTTP, seen from a raw socket.
@Suite("Connections: timeouts, the connection cap, malformed HTTP", .timeLimit(.minutes(2)))
struct ConnectionLimitTests {
    static let fastTimeouts = ["HTTP_HEADER_TIMEOUT_SECONDS": "1", "HTTP_IDLE_TIMEOUT_SECONDS": "2"]

    @Test func aClientTricklingHeaderLinesIsCutOffAtTheHeaderTimeout() async throws {
        try await AppHarness.run(environment: Self.fastTimeouts) { h in
            let port = try #require(h.client.port)
            let slow = try await RawConnection(port: port)
            try await slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            var cutOff = false
            // One header line every 300 ms would keep an idle timer alive forever; thirty of them take 9 s or
            // more, far past the 1 s header timeout, so a cut-off while the client still trickles is the header
            // deadline at work, with no clock read (an elapsed-time bound failed on a loaded machine, where this
            // client's sends wait for the shared socket threads). The sleep only paces the trickle: it is the
            // slow client; whether the server cut it off is what the sends report.
            for index in 0..<30 where !cutOff {
                try await Task.sleep(for: .milliseconds(300))
                cutOff = try await !slow.send("X-Slow-\(index): 1\r\n")
                // Meanwhile other clients are served.
                if index == 1 {
                    let other = try await RawConnection(port: port)
                    try await other.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    #expect(try await other.receive(for: 5).text.hasPrefix("HTTP/1.1 200"))
                }
            }
            #expect(cutOff, "thirty header lines trickled in without the server cutting the client off")
        }
    }

    @Test func aSilentConnectionIsClosedAtTheIdleTimeout() async throws {
        try await AppHarness.run(environment: Self.fastTimeouts) { h in
            let port = try #require(h.client.port)
            let silent = try await RawConnection(port: port)
            let (_, closed) = try await silent.receive(for: 8)
            #expect(closed)

            // A kept-alive connection that goes quiet after a request is closed too.
            let idle = try await RawConnection(port: port)
            try await idle.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let (text, idleClosed) = try await idle.receive(for: 8)
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(idleClosed)
        }
    }

    @Test func connectionsBeyondTheCapAreRefusedAndRoomIsMadeWhenOneCloses() async throws {
        try await AppHarness.run(environment: ["HTTP_MAX_CONNECTIONS": "3"]) { h in
            let port = try #require(h.client.port)
            // The test client holds one connection of its own.
            #expect(try await h.request(.get, "/healthz").status == .ok)
            var held: [RawConnection] = []
            for _ in 0..<2 {
                // Served once on a kept-alive connection: the server has accepted and counted it.
                let connection = try await RawConnection(port: port)
                try await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let (text, closed) = try await connection.receive(for: 10) { $0.hasPrefix("HTTP/1.1 200") && $0.contains("\r\n\r\n") }
                #expect(text.hasPrefix("HTTP/1.1 200") && !closed, "\(text)")
                held.append(connection)
            }
            let surplus = try await RawConnection(port: port)
            let (text, closed) = try await surplus.receive(for: 5)
            #expect(text.hasPrefix("HTTP/1.1 503"), "\(text)")
            #expect(closed)

            held.removeAll()  // closes both
            // The server sees the closes on its own time: a new connection is served once it has.
            try await eventually("a new connection served after two held ones closed", every: .milliseconds(50)) {
                let next = try await RawConnection(port: port)
                try await next.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return try await next.receive(for: 5).text.hasPrefix("HTTP/1.1 200")
            }
        }
    }

    @Test(arguments: [
        "POST /api/v1/auth/wechat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n",
        "POST /api/v1/auth/wechat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "POST /api/v1/auth/wechat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ])
    func aMalformedBodyIsTheClientsMistake(_ request: String) async throws {
        try await AppHarness.run { h in
            let port = try #require(h.client.port)
            let connection = try await RawConnection(port: port)
            try await connection.send(request)
            let (text, _) = try await connection.receive(for: 5)
            #expect(text.hasPrefix("HTTP/1.1 400"), "\(text)")
            #expect(!text.contains("internal_error"))
            let levels = h.app.logRecords.compactMap { $0["level"] as? String }
            #expect(!levels.contains("error") && !levels.contains("critical"), "\(h.app.sink.lines)")
        }
    }

    @Test func anUnauthenticatedUploadIsRefusedBeforeItsBodyIsSent() async throws {
        try await AppHarness.run { h in
            let port = try #require(h.client.port)
            let connection = try await RawConnection(port: port)
            try await connection.send(
                "POST /api/v1/attachments?purpose=other_proof HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
                    + "Content-Length: 31457280\r\nExpect: 100-continue\r\n\r\n"
            )
            let (text, closed) = try await connection.receive(for: 5)
            #expect(text.hasPrefix("HTTP/1.1 401"), "\(text)")
            #expect(!text.contains("100 Continue"))
            #expect(text.lowercased().contains("connection: close"))
            #expect(closed)
        }
    }

    @Test func anUploadOfAnUnknownPurposeIsRefusedBeforeItsBodyIsSent() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-expect-purpose")
            let port = try #require(h.client.port)
            let connection = try await RawConnection(port: port)
            try await connection.send(
                "POST /api/v1/attachments?purpose=holiday_photos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: image/jpeg\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n"
            )
            let (text, closed) = try await connection.receive(for: 5)
            #expect(text.hasPrefix("HTTP/1.1 422") || text.hasPrefix("HTTP/1.1 400"), "\(text)")
            #expect(!text.contains("100 Continue"))
            #expect(closed)
        }
    }
}
