import AppTestSupport
import Attachments
import Foundation
import HTTPTypes
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A full attachments disk: the upload is refused with 507 `storage_full` (not a 500), nothing of it
/// stays, one warning line is logged and a counter rises for the operator's alert. The disk is made
/// full at the one `write(2)` seam, so everything above it (the store, the upload service, the
/// problem renderer) runs as in production.
@Suite("Attachments: a full disk", .timeLimit(.minutes(3)))
struct StorageFullTests {
    /// `write(2)` that fails with ENOSPC while `full` is set.
    final class Disk: Sendable {
        let full = Atomic(false)

        var writer: BlobFileWriter {
            BlobFileWriter { [self] descriptor, bytes, count in
                guard !full.load(ordering: .relaxed) else {
                    errno = ENOSPC
                    return -1
                }
                return BlobFileWriter.live.write(descriptor, bytes, count)
            }
        }
    }

    @Test func anUploadOnAFullDiskAnswers507AndKeepsNothing() async throws {
        let disk = Disk()
        try await AppHarness.run(blobWriter: disk.writer) { h in
            let (token, _) = try await h.loginByWeChat("user-disk-full")
            disk.full.store(true, ordering: .relaxed)
            let refused = try await h.upload(Samples.jpeg(seed: 17), token: token)
            #expect(refused.status.code == 507, "\(refused.text)")
            #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(refused.json["code"] as? String == "storage_full")
            #expect((refused.json["title"] as? String)?.contains("存储空间不足") == true)

            #expect(try await h.database.query("SELECT count(*) AS n FROM attachments.attachments")[0].decode(Int.self, "n") == 0)
            let temporaries = try FileManager.default.contentsOfDirectory(atPath: h.app.attachmentsDirectory + "/tmp")
            #expect(temporaries.isEmpty, "\(temporaries)")
            let warnings = h.app.logRecords.filter { $0["level"] as? String == "warning" && ($0["msg"] as? String)?.contains("storage full") == true }
            #expect(warnings.count == 1)
            let metrics = String(decoding: await h.metrics.scrape(database: h.database), as: UTF8.self)
            #expect(metrics.split(separator: "\n").contains("health_talent_storage_full_total 1"), "\(metrics)")

            // Room again: the same file is stored.
            disk.full.store(false, ordering: .relaxed)
            #expect(try await h.upload(Samples.jpeg(seed: 17), token: token).status == .created)
        }
    }
}
