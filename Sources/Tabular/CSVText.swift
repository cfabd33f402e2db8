import Contracts
import Glibc

/// The text of an uploaded CSV file, as Excel and WPS really save it: UTF-8 (with or without a byte
/// order mark; "CSV UTF-8"), or GBK/GB 18030, which Chinese Windows writes for plain "CSV". Anything
/// else, and a NUL anywhere, is refused with a message that says how to save the file.
public enum CSVText {
    public enum Encoding: String, Sendable { case utf8, gb18030 }

    public static func decode(_ bytes: [UInt8]) throws(Problem) -> (text: String, encoding: Encoding) {
        let decoded: (String, Encoding)
        if let text = String(validating: bytes, as: UTF8.self) {
            decoded = (text, .utf8)
        } else if let text = gb18030(bytes) {
            decoded = (text, .gb18030)
        } else {
            throw Problem.validation([TabularProblems.unknownEncoding])
        }
        if decoded.0.unicodeScalars.contains("\0") { throw Problem.validation([TabularProblems.nulCharacter]) }
        return decoded
    }

    /// GB 18030 (a superset of GBK and GB 2312) through glibc's iconv, whose converter every Debian
    /// system has (libc6's gconv modules). Nil when the bytes are not valid GB 18030 either.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        // GB 18030 characters take 1, 2 or 4 bytes and become at most 4 in UTF-8: twice the input suffices.
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes.map { CChar(bitPattern: $0) }
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBytes { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output[..<written], as: UTF8.self)
    }
}
