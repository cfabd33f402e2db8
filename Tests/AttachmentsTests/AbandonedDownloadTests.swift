import AppTestSupport
import Foundation
import HTTPTypes
import Testing

/// Issue 24: a download's file opens only once the answer's head is written, so a client gone before
/// then leaves no descriptor behind.
@Suite("Attachments: a download whose client leaves", .timeLimit(.minutes(2)))
struct AbandonedDownloadTests {
    @Test func aDownloadWhoseClientLeavesBeforeTheAnswerLeavesNoFileOpen() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-leaving")
            let created = try await h.upload(Samples.png(size: 200_000), purpose: "degree_certificate", type: "image/png", token: token)
            let id = try #require(created.json["id"] as? String)
            // The client leaves while the request waits in its handler, just before the answer.
            try await h.leaveWhileHandled("GET /api/v1/attachments/\(id) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n")
            let audited = try await RawHTTP.eventually {
                try await h.database.query("SELECT count(*)::int AS n FROM audit.events WHERE action = 'attachment.read'")[0]
                    .decode(Int.self, "n") == 1
            }
            #expect(audited)
            let closed = try await RawHTTP.eventually { Self.openFiles(under: h.app.attachmentsDirectory).isEmpty }
            #expect(closed, "still open: \(Self.openFiles(under: h.app.attachmentsDirectory))")
            // And downloads work as before.
            let download = try await h.request(.get, "/api/v1/attachments/\(id)", token: token)
            #expect(download.body.readableBytes == 200_000)
        }
    }

    /// The files under `directory` this process holds open (Linux: its descriptors in /proc).
    static func openFiles(under directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
            .filter { $0.hasPrefix(root + "/") }
    }
}
