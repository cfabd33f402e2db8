import Foundation

/// Small files with the right first bytes for each accepted type.
public enum Samples {
    public static func jpeg(size: Int = 4096, seed: UInt8 = 1) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xE0] + filler(size - 6, seed) + [0xFF, 0xD9]
    }

    public static func png(size: Int = 4096, seed: UInt8 = 2) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + filler(size - 8, seed)
    }

    public static func pdf(size: Int = 4096, seed: UInt8 = 3) -> [UInt8] {
        Array("%PDF-1.7\n".utf8) + filler(size - 9, seed)
    }

    public static let gif: [UInt8] = Array("GIF89a".utf8) + filler(100, 4)

    public static func filler(_ count: Int, _ seed: UInt8) -> [UInt8] {
        var value = UInt32(seed) &* 2_654_435_761
        return (0..<max(0, count)).map { _ in
            value = value &* 1_103_515_245 &+ 12_345
            return UInt8(truncatingIfNeeded: value >> 16)
        }
    }
}
