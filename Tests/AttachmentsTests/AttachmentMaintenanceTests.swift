import Blocking
import Attachments
import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LibCrypto
import Logging
import Postgres
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Attachment maintenance", .timeLimit(.minutes(3)))
struct AttachmentMaintenanceTests {
    static func maintenance(_ h: AppHarness) throws -> AttachmentMaintenance {
        let logger = Logger(label: "test")
        let blobs = try AttachmentsModule.openStorage(directory: h.app.attachmentsDirectory, io: TestApp.fileIO, logger: logger)
        return AttachmentsModule(database: h.database, clock: h.clock, blobs: blobs, logger: logger).maintenance
    }

    static func blobPath(_ root: String, _ hex: String) -> String {
        "\(root)/sha256/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
    }

    /// Sets a file's modification time `age` seconds into the past.
    static func age(_ path: String, by seconds: TimeInterval) {
        let then = Date().addingTimeInterval(-seconds).timeIntervalSince1970
        var times = [timeval(tv_sec: Int(then), tv_usec: 0), timeval(tv_sec: Int(then), tv_usec: 0)]
        utimes(path, &times)
    }

    /// Writes a file into the store as if an earlier upload had left it.
    static func plant(_ bytes: [UInt8], in root: String) throws -> String {
        let hex = Hex.encode(SHA256.hash(bytes))
        let path = blobPath(root, hex)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test func startUpRemovesPartialUploadsNoRunningUploadOwns() async throws {
        try await AppHarness.run { h in
            let tmp = h.app.attachmentsDirectory + "/tmp"
            let stale = tmp + "/upload-crashed.part"
            let live = tmp + "/upload-in-progress.part"
            #expect(FileManager.default.createFile(atPath: stale, contents: Data(repeating: 1, count: 1000)))
            #expect(FileManager.default.createFile(atPath: live, contents: Data(repeating: 2, count: 1000)))
            // Another process's upload in progress holds its file's lock.
            let holder = open(live, O_RDWR)
            defer { close(holder) }
            #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)

            _ = try Self.maintenance(h)  // the module's start-up

            #expect(!FileManager.default.fileExists(atPath: stale))
            #expect(FileManager.default.fileExists(atPath: live))
        }
    }

    @Test func anUploadInProgressKeepsItsFileLockedUntilPlaced() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-locked-upload")
            let port = try #require(h.client.port)
            let head = "POST /api/v1/attachments?purpose=other_proof HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/pdf\r\nContent-Length: 1048576\r\n\r\n"
            let connection = try await RawConnection(port: port)
            try await connection.send(head)
            try await connection.send(String(decoding: Samples.pdf(size: 300_000), as: UTF8.self))
            var parts: [String] = []
            for _ in 0..<50 where parts.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                parts = (try? FileManager.default.contentsOfDirectory(atPath: h.app.attachmentsDirectory + "/tmp")) ?? []
            }
            #expect(parts.count == 1)
            // A second process starting now must leave the running upload's file alone.
            _ = try Self.maintenance(h)
            let after = (try? FileManager.default.contentsOfDirectory(atPath: h.app.attachmentsDirectory + "/tmp")) ?? []
            #expect(after == parts)
        }
    }

    @Test func verifyFindsCorruptAndMissingFiles() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-verify")
            let good = try await h.upload(Samples.jpeg(seed: 1), token: token)
            let victim = try await h.upload(Samples.jpeg(seed: 2), token: token)
            let lost = try await h.upload(Samples.jpeg(seed: 3), token: token)
            #expect(good.status == .created)
            let maintenance = try Self.maintenance(h)
            #expect(try await maintenance.verify().isClean)

            let root = h.app.attachmentsDirectory
            let victimPath = Self.blobPath(root, try #require(victim.json["sha256"] as? String))
            chmod(victimPath, 0o644)
            try Data("flipped bits".utf8).write(to: URL(fileURLWithPath: victimPath))
            let lostPath = Self.blobPath(root, try #require(lost.json["sha256"] as? String))
            try FileManager.default.removeItem(atPath: lostPath)

            let report = try await maintenance.verify()
            #expect(report.corrupt == [victimPath])
            #expect(report.missing == [lostPath])
            #expect(report.checked == 2)
            #expect(!report.isClean)
        }
    }

    @Test func gcKeepsReferencedAndYoungBlobsAndRemovesOldOrphans() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-gc")
            let root = h.app.attachmentsDirectory
            let kept = try await h.upload(Samples.pdf(seed: 5), purpose: "other_proof", type: "application/pdf", token: token)
            let referencedPath = Self.blobPath(root, try #require(kept.json["sha256"] as? String))
            Self.age(referencedPath, by: 30 * 86_400)  // old, but still referenced

            let oldOrphan = try Self.plant(Samples.jpeg(seed: 6), in: root)
            Self.age(oldOrphan, by: 25 * 3600)
            let youngOrphan = try Self.plant(Samples.jpeg(seed: 7), in: root)  // an upload whose row is not committed yet
            let maintenance = try Self.maintenance(h)
            let strayTemporary = root + "/tmp/upload-crashed.part"
            FileManager.default.createFile(atPath: strayTemporary, contents: Data([1, 2, 3]))
            Self.age(strayTemporary, by: 2 * 3600)
            let activeTemporary = root + "/tmp/upload-in-progress.part"
            FileManager.default.createFile(atPath: activeTemporary, contents: Data([1, 2, 3]))
            // A slow upload: older than the grace period, but its writer holds the lock.
            let slowTemporary = root + "/tmp/upload-slow.part"
            FileManager.default.createFile(atPath: slowTemporary, contents: Data([1, 2, 3]))
            Self.age(slowTemporary, by: 2 * 3600)
            let holder = open(slowTemporary, O_RDWR)
            defer { close(holder) }
            #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)

            let report = try await maintenance.collectGarbage()
            #expect(report.removedBlobs == [oldOrphan])
            #expect(report.removedTemporaries == [strayTemporary])
            for path in [referencedPath, youngOrphan, activeTemporary, slowTemporary] {
                #expect(FileManager.default.fileExists(atPath: path), "\(path) was removed")
            }
            #expect(!FileManager.default.fileExists(atPath: oldOrphan))

            // The kept attachment still downloads.
            let id = try #require(kept.json["id"] as? String)
            #expect(try await h.request(.get, "/api/v1/attachments/\(id)", token: token).status == .ok)
        }
    }

    @Test func reuploadingAnOldOrphanRescuesIt() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-rescue")
            let bytes = Samples.png(seed: 8)
            let orphan = try Self.plant(bytes, in: h.app.attachmentsDirectory)
            Self.age(orphan, by: 3 * 86_400)
            // The same bytes arrive again: the blob is reused and made young, so gc keeps it.
            #expect(try await h.upload(bytes, type: "image/png", token: token).status == .created)
            let report = try await Self.maintenance(h).collectGarbage()
            #expect(report.removedBlobs.isEmpty)
            #expect(FileManager.default.fileExists(atPath: orphan))
        }
    }
}
