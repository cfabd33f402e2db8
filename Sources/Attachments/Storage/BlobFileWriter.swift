#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one system call that puts upload bytes on disk, as a value the wiring can replace: a test
/// makes it fail as a full disk does (`errno = ENOSPC`) and so exercises the real error path from the
/// store up to the HTTP answer, which a tiny file system would need root to arrange.
public struct BlobFileWriter: Sendable {
    /// `write(2)`: bytes written, or -1 with `errno` set.
    public var write: @Sendable (_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int

    public init(write: @escaping @Sendable (Int32, UnsafeRawPointer, Int) -> Int) {
        self.write = write
    }

    public static let live = BlobFileWriter { descriptor, bytes, count in
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }
}
