import CLibCrypto

public enum SecureRandom {
    /// `count` bytes from libcrypto's CSPRNG. Aborts rather than return weak randomness.
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&bytes, Int32(count)) == 1 else {
            fatalError("libcrypto's CSPRNG failed; refusing to continue with predictable secrets")
        }
        return bytes
    }
}
