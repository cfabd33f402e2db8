import Blocking
import Foundation
import Postgres
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A bare HTTP/1.1 client over a socket, for what the test client cannot do: send a chunked body of any
/// size, or hang up in the middle of a body. Its blocking calls run on their own thread.
public enum RawHTTP {
    public static let io = BlockingExecutor(threadCount: 2)

    /// Sends `head` and then `chunks` (each written as is), then reads the response unless `hangUp`.
    public static func exchange(port: Int, head: String, chunks: [[UInt8]], hangUp: Bool = false) async throws -> String {
        try await io.run {
            let fd = try connected(to: port)
            defer { close(fd) }
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

            _ = sendAll(Array(head.utf8), to: fd)
            for chunk in chunks where !sendAll(chunk, to: fd) { break }
            if hangUp { return "" }

            var response: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                response += buffer.prefix(count)
                if let text = String(bytes: response, encoding: .utf8), text.contains("\r\n\r\n"), text.contains("}") { break }
            }
            return String(decoding: response, as: UTF8.self)
        }
    }

    /// Polls `condition` until it holds or `seconds` pass; answers whether it held. For what a server
    /// does after a client left, which no response reports. (TestSupport's `eventually`, as a Bool.)
    public static func eventually(within seconds: Int = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        do {
            try await TestSupport.eventually("the condition", timeout: .seconds(seconds), every: .milliseconds(25), condition)
            return true
        } catch is ConditionTimedOut {
            return false
        }
    }

    /// Sends `head` (which carries `Expect: 100-continue`), waits at most `patience` for the interim
    /// response, then sends `body` and reads the final response. Answers both.
    public static func expectContinue(port: Int, head: String, body: [UInt8], patience: Int = 500_000) async throws -> (interim: String, final: String) {
        try await io.run {
            let fd = try connected(to: port)
            defer { close(fd) }
            func receive(timeoutMicroseconds: Int, until done: (String) -> Bool) -> String {
                var timeout = timeval(tv_sec: timeoutMicroseconds / 1_000_000, tv_usec: Int(timeoutMicroseconds % 1_000_000))
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !done(String(decoding: received, as: UTF8.self)) {
                    let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if count <= 0 { break }
                    received += buffer.prefix(count)
                }
                return String(decoding: received, as: UTF8.self)
            }
            _ = sendAll(Array(head.utf8), to: fd)
            let interim = receive(timeoutMicroseconds: patience) { $0.contains("\r\n\r\n") }
            _ = sendAll(body, to: fd)
            // Ends as soon as the answer is whole; the bound only stops a test that would hang. An upload
            // of 1.5 MB took longer than 10 s once, with every suite running on two cores.
            let final = receive(timeoutMicroseconds: 60_000_000) { $0.contains("\r\n\r\n") && $0.contains("}") }
            return (interim, final)
        }
    }

    /// A socket connected to 127.0.0.1:`port` (blocking; call on `io`).
    public static func connected(to port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        return fd
    }

    /// Writes all of `bytes`; false when the server closed the connection (e.g. after a 413).
    public static func sendAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// One chunk of a chunked body.
    public static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10]
    }

    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
}

/// One raw connection a test drives step by step: send a piece, wait, see whether the server hung up.
public final class RawConnection: Sendable {
    public let descriptor: Int32

    public init(port: Int) async throws {
        descriptor = try await RawHTTP.io.run { try RawHTTP.connected(to: port) }
    }

    deinit { close(descriptor) }

    /// False when the server already closed the connection.
    @discardableResult
    public func send(_ text: String) async throws -> Bool {
        let fd = descriptor
        return try await RawHTTP.io.run { RawHTTP.sendAll(Array(text.utf8), to: fd) }
    }

    /// Everything received until the server closes the connection or `seconds` pass; `closed` tells which.
    /// With `until`, it stops as soon as what was received satisfies it (`closed` is then false).
    public func receive(for seconds: Int, until done: @escaping @Sendable (String) -> Bool = { _ in false }) async throws -> (text: String, closed: Bool) {
        let fd = descriptor
        return try await RawHTTP.io.run {
            let deadline = ContinuousClock.now + .seconds(seconds)
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while ContinuousClock.now < deadline, !done(String(decoding: received, as: UTF8.self)) {
                var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
                if count < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                    return (String(decoding: received, as: UTF8.self), true)  // reset
                }
                received += buffer.prefix(count)
            }
            return (String(decoding: received, as: UTF8.self), false)
        }
    }
}

extension RawHTTP {
    /// A file read with read(2) until its end (for /proc files, whose size is reported as 0).
    static func readWhole(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A client that sends a request and then aborts the connection (a reset, as a killed browser or one
/// closing with unread data sends) while the server is still working on the request, and can tell when
/// the server has closed its end. The server runs in this process, so its socket is one of ours.
public final class AbortingClient: Sendable {
    private let descriptor: Int32
    /// The server's end of the connection, as `/proc/self/fd` names it (`socket:[inode]`).
    private let serverSocket: String

    public init(port: Int) async throws {
        let fd = try await RawHTTP.io.run { try RawHTTP.connected(to: port) }
        descriptor = fd
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let clientPort = Int(UInt16(bigEndian: address.sin_port))
        // /proc/net/tcp: the server's end has the server's port as its local port and ours as the remote;
        // its inode is 0 until the server has accepted it.
        func inode() -> Substring? {
            // Read to the end: /proc reports a size of 0, and a busy machine's table spans many pages.
            let table = RawHTTP.readWhole("/proc/net/tcp")
            return table.split(separator: "\n").dropFirst().map { $0.split(separator: " ") }.first { fields in
                fields.count > 9 && fields[1].hasSuffix(String(format: ":%04X", port)) && fields[2].hasSuffix(String(format: ":%04X", clientPort))
                    && fields[9] != "0"
            }?[9]
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while inode() == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        guard let found = inode() else {
            close(fd)
            throw POSIXError(.ENOENT)
        }
        serverSocket = "socket:[\(found)]"
    }

    public func send(_ text: String) async throws {
        let fd = descriptor
        _ = try await RawHTTP.io.run { RawHTTP.sendAll(Array(text.utf8), to: fd) }
    }

    /// Closes with a reset rather than an orderly close.
    public func abort() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(descriptor)
    }

    /// Whether the server has closed its end (it noticed the reset).
    public var serverClosed: Bool {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return !descriptors.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) == serverSocket }
    }
}
