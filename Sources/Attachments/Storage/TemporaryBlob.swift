import Blocking
import LibCrypto
import NIOCore
import Postgres
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An upload being written: bytes are hashed and written as they arrive, on the store's threads. Its
/// descriptor holds an exclusive `flock` from creation until the file is placed or discarded, which is
/// how start-up tells a live upload's file (of this or another process) from one a crash left behind.
///
/// `@unchecked Sendable`: one upload task drives it, one call at a time, and every call that touches the
/// descriptor or the hasher runs on the executor in that order.
final class TemporaryBlob: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let io: BlockingExecutor
    private let writer: BlobFileWriter
    private var hasher = SHA256()
    private(set) var size = 0
    private var isClosed = false

    init(path: String, descriptor: Int32, io: BlockingExecutor, writer: BlobFileWriter) {
        self.path = path
        self.descriptor = descriptor
        self.io = io
        self.writer = writer
    }

    func append(_ buffer: ByteBuffer) async throws {
        try await io.run { [self] in
            try buffer.withUnsafeReadableBytes { bytes in
                hasher.update(bytes)
                var offset = 0
                while offset < bytes.count {
                    let written = writer.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw BlobStoreError.system("write", path, errno)
                    }
                    offset += written
                }
            }
            size += buffer.readableBytes
        }
    }

    /// Flushes the bytes to disk and answers the content's hex SHA-256. The file stays open (and locked)
    /// until `BlobStore.place` has moved it.
    func finish() async throws -> String {
        try await io.run { [self] in
            guard fsync(descriptor) == 0 else { throw BlobStoreError.system("fsync", path, errno) }
            return Hex.encode(hasher.finalize())
        }
    }

    /// Removes the partial file (an interrupted or refused upload leaves nothing behind).
    func discard() async {
        _ = try? await io.run { [self] in
            closeDescriptor()
            unlink(path)
        }
    }

    /// Closes the file, releasing its lock. Called on the executor.
    func closeDescriptor() {
        guard !isClosed else { return }
        isClosed = true
        close(descriptor)
    }
}

/// Reads a stored blob in chunks for a download. The file closes with the reader if nobody closed it.
final class BlobReader: @unchecked Sendable {
    let descriptor: Int32
    private let io: BlockingExecutor
    private let isClosed = Atomic<Bool>(false)

    init(descriptor: Int32, io: BlockingExecutor) {
        self.descriptor = descriptor
        self.io = io
    }

    /// The next chunk, empty at the end.
    func next(maximum: Int = 1 << 16) async throws -> [UInt8] {
        try await io.run { [self] in
            var buffer = [UInt8](repeating: 0, count: maximum)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw BlobStoreError.system("read", "blob", errno) }
            return Array(buffer.prefix(count))
        }
    }

    func closeFile() {
        guard !isClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        close(descriptor)
    }

    deinit { closeFile() }
}
