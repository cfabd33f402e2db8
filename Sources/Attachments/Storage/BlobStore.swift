import Blocking
import Foundation
import LibCrypto
import Postgres

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files named by the SHA-256 of their content: `<root>/sha256/ab/cd/<hex>`. Uploads stream into
/// `<root>/tmp` (the same file system), are fsynced, then renamed into place and the directory fsynced,
/// so a blob is either complete under its name or absent. Blobs are read-only; directories are private
/// to the service user. Every call blocks, so each runs on the store's own threads.
public struct BlobStore: Sendable {
    public let root: String
    let io: BlockingExecutor
    let writer: BlobFileWriter

    public init(root: String, io: BlockingExecutor, writer: BlobFileWriter = .live) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.io = io
        self.writer = writer
    }

    var blobsDirectory: String { root + "/sha256" }
    var temporaryDirectory: String { root + "/tmp" }

    /// Creates the folders (mode 0700), including missing parents of the root (a fresh checkout has no
    /// `.data/`). Called at start-up, so an unusable ATTACHMENTS_DIR stops the server.
    public func prepare() throws(BlobStoreError) {
        var parents: [String] = []
        var parent = (root as NSString).deletingLastPathComponent
        while !parent.isEmpty, parent != "/", !FileManager.default.fileExists(atPath: parent) {
            parents.insert(parent, at: 0)
            parent = (parent as NSString).deletingLastPathComponent
        }
        for directory in parents + [root, blobsDirectory, temporaryDirectory] {
            try Self.makeDirectory(directory)
        }
    }

    /// Removes partial uploads a crash left in `tmp/`: every `.part` file whose lock nobody holds. A
    /// running upload (in this process or another one sharing the folder) holds its file's lock, so
    /// its file stays. Answers the paths removed. Blocking; called at start-up.
    public func removeStaleTemporaries() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporaryDirectory) else { return [] }
        return names.filter { $0.hasSuffix(".part") }.map { temporaryDirectory + "/" + $0 }.filter(Self.removeIfUnlocked)
    }

    /// `removeIfUnlocked` on the store's threads.
    func removeTemporaryIfUnlocked(_ path: String) async throws -> Bool {
        try await io.run { Self.removeIfUnlocked(path) }
    }

    /// Unlinks a temporary file unless an upload holds its lock. Blocking.
    static func removeIfUnlocked(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) == 0 && unlink(path) == 0
    }

    /// The lock uploads (shared) and garbage collection (exclusive) take on one blob, until their
    /// transaction ends: gc cannot remove a blob whose new row is about to commit (docs/adr/0006).
    static func lock(_ hex: String, forRemoval: Bool, on connection: Connection) async throws {
        try await connection.advisoryLock("blob:\(hex)", shared: !forRemoval)
    }

    public func path(of hex: String) -> String {
        "\(blobsDirectory)/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
    }

    // MARK: Writing

    func createTemporary() async throws -> TemporaryBlob {
        let path = "\(temporaryDirectory)/upload-\(UUID().uuidString.lowercased()).part"
        let descriptor = try await io.run {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw BlobStoreError.system("open", path, errno) }
            // A new file: nobody else can hold its lock yet.
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(fd)
                unlink(path)
                throw BlobStoreError.system("flock", path, code)
            }
            return fd
        }
        return TemporaryBlob(path: path, descriptor: descriptor, io: io, writer: writer)
    }

    /// Moves a finished temporary file to its content address. When the content is already stored the
    /// temporary file is dropped and the existing blob's time refreshed, so garbage collection sees it
    /// as young while its new row commits. Answers whether a new blob was written.
    @discardableResult
    func place(_ temporary: TemporaryBlob, as hex: String) async throws -> Bool {
        let destination = path(of: hex)
        let source = temporary.path
        return try await io.run {
            let directory = String(destination[..<destination.lastIndex(of: "/")!])
            var status = stat()
            // The lock is released only once the file is in place (or gone), so a start-up sweep can
            // never take a finished upload for a stale one.
            defer { temporary.closeDescriptor() }
            if stat(destination, &status) == 0 {
                unlink(source)
                utimes(destination, nil)
                return false
            }
            try Self.makeDirectory(String(directory[..<directory.lastIndex(of: "/")!]))
            try Self.makeDirectory(directory)
            guard chmod(source, 0o444) == 0 else { throw BlobStoreError.system("chmod", source, errno) }
            guard rename(source, destination) == 0 else { throw BlobStoreError.system("rename", destination, errno) }
            try Self.syncDirectory(directory)
            return true
        }
    }

    // MARK: Reading

    /// Opens a blob for reading; nil when it is missing.
    func openBlob(_ hex: String) async throws -> BlobReader? {
        let path = path(of: hex)
        let descriptor = try await io.run { open(path, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return nil }
        return BlobReader(descriptor: descriptor, io: io)
    }

    /// Whether a blob is stored, without opening it.
    func hasBlob(_ hex: String) async throws -> Bool {
        let path = path(of: hex)
        return try await io.run { access(path, R_OK) == 0 }
    }

    /// Re-hashes a stored blob; nil when it is missing.
    func hashOfStored(_ hex: String) async throws -> String? {
        guard let reader = try await openBlob(hex) else { return nil }
        defer { reader.closeFile() }
        let path = path(of: hex)
        return try await io.run {
            var hasher = SHA256()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(reader.descriptor, $0.baseAddress, $0.count) }
                if count < 0 { throw BlobStoreError.system("read", path, errno) }
                if count == 0 { break }
                buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
            return Hex.encode(hasher.finalize())
        }
    }

    // MARK: Listing and removing (maintenance)

    struct Entry: Sendable {
        let name: String
        let path: String
        let modified: Date
    }

    /// Every file under `sha256/`, whatever its name, so corrupt or misplaced files are found too.
    func blobs() async throws -> [Entry] {
        let root = blobsDirectory
        return try await io.run { try Self.files(under: root, depth: 3) }
    }

    func temporaries() async throws -> [Entry] {
        let root = temporaryDirectory
        return try await io.run { try Self.files(under: root, depth: 1) }
    }

    func remove(_ path: String) async throws {
        try await io.run {
            guard unlink(path) == 0 || errno == ENOENT else { throw BlobStoreError.system("unlink", path, errno) }
        }
    }

    /// The modification time of a blob, if it exists.
    func modified(_ hex: String) async throws -> Date? {
        let path = path(of: hex)
        return try await io.run {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            return Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))
        }
    }

    // MARK: POSIX helpers (called on the executor's threads)

    static func makeDirectory(_ path: String) throws(BlobStoreError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .system("mkdir", path, errno) }
    }

    static func syncDirectory(_ path: String) throws(BlobStoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open", path, errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .system("fsync", path, errno) }
    }

    static func files(under root: String, depth: Int) throws -> [Entry] {
        var entries: [Entry] = []
        func walk(_ directory: String, _ remaining: Int) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
            for name in names {
                let path = directory + "/" + name
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                if (status.st_mode & S_IFMT) == S_IFDIR {
                    if remaining > 1 { walk(path, remaining - 1) }
                } else if (status.st_mode & S_IFMT) == S_IFREG {
                    entries.append(Entry(name: name, path: path, modified: Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))))
                }
            }
        }
        walk(root, depth)
        return entries
    }
}

public enum BlobStoreError: Error, CustomStringConvertible {
    case system(String, String, Int32)

    public var description: String {
        switch self {
        case .system(let call, let path, let code): "\(call) \(path): \(String(cString: strerror(code)))"
        }
    }

    /// The file system (or the service user's quota) has no room left: an operator's problem, not a
    /// bug, answered 507 `storage_full` rather than 500.
    public var isStorageFull: Bool {
        switch self {
        case .system(_, _, let code): code == ENOSPC || code == EDQUOT
        }
    }
}
