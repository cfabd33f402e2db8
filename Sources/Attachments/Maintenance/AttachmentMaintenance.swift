import Contracts
import Foundation
import Logging
import Postgres

/// `health-talent attachments verify` and `… gc`. Both are safe while the server runs: verify only
/// reads, and gc removes a blob only under the exclusive form of the lock uploads hold (shared) until
/// their row commits, after checking again that no row references it.
public struct AttachmentMaintenance: Sendable {
    let database: Database
    let blobs: BlobStore
    let settings: AttachmentSettings
    let logger: Logger

    public struct VerifyReport: Sendable {
        public var checked = 0
        /// Referenced by a row but absent on disk.
        public var missing: [String] = []
        /// On disk under a name that is not the hash of its content.
        public var corrupt: [String] = []

        public var isClean: Bool { missing.isEmpty && corrupt.isEmpty }
    }

    public func verify() async throws -> VerifyReport {
        var report = VerifyReport()
        var present: Set<String> = []
        for entry in try await blobs.blobs() {
            report.checked += 1
            present.insert(entry.name)
            let actual = try await blobs.hashOfStored(entry.name)
            if actual != entry.name { report.corrupt.append(entry.path) }
        }
        for hex in try await database.withConnection({ try await CatalogStore.referencedBlobs(on: $0) }) where !present.contains(hex) {
            report.missing.append(blobs.path(of: hex))
        }
        return report
    }

    public struct CollectReport: Sendable {
        public var removedBlobs: [String] = []
        public var removedTemporaries: [String] = []
        public var kept = 0
    }

    /// `now` defaults to the system time, not the injected clock: it is compared with file times.
    public func collectGarbage(now: Date = Date()) async throws -> CollectReport {
        var report = CollectReport()
        let cutoff = now.addingTimeInterval(-settings.garbageGracePeriod)
        for entry in try await blobs.blobs() {
            guard entry.modified < cutoff, isHex(entry.name) else {
                report.kept += 1
                continue
            }
            let removed = try await database.transaction { connection in
                try await BlobStore.lock(entry.name, forRemoval: true, on: connection)
                // An upload of the same bytes refreshes the blob's time; look again under the lock.
                guard try await !CatalogStore.isReferenced(entry.name, on: connection), let modified = try await blobs.modified(entry.name), modified < cutoff else { return false }
                try await blobs.remove(entry.path)
                return true
            }
            if removed { report.removedBlobs.append(entry.path) } else { report.kept += 1 }
        }
        let temporaryCutoff = now.addingTimeInterval(-settings.temporaryFileGracePeriod)
        // A slow upload older than the grace period still holds its file's lock and keeps it.
        for entry in try await blobs.temporaries() where entry.modified < temporaryCutoff {
            if try await blobs.removeTemporaryIfUnlocked(entry.path) { report.removedTemporaries.append(entry.path) }
        }
        logger.info(
            "attachment garbage collected",
            metadata: ["blobs_removed": "\(report.removedBlobs.count)", "temporaries_removed": "\(report.removedTemporaries.count)", "kept": "\(report.kept)"]
        )
        return report
    }

    private func isHex(_ name: String) -> Bool {
        name.count == 64 && name.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
