import Contracts

/// What `JSONDecoder` lets through but the server must refuse, found in one pass over a request body
/// before it is decoded:
/// - a string containing U+0000 (libpq takes C strings, so it would be stored cut at the NUL);
/// - an object with the same key twice (the decoder silently keeps one of them);
/// - nesting deeper than `maximumDepth` (refused before any recursive decoder sees it).
/// A body that is not JSON at all is left to the decoder, which reports it as `malformed_json`.
public enum JSONBodyCheck {
    public static let maximumDepth = 64

    /// `allowed`: when given, the only members an object may have, by the object's path with array
    /// indices as `[]` (`""` is the top level, `certificates[]` any element of `certificates`); an
    /// object whose path is not listed may have any members.
    public static func problem(in bytes: some Collection<UInt8>, allowed: [String: Set<String>]? = nil) -> Problem? {
        var scanner = Scanner(bytes: Array(bytes))
        if let allowed { scanner.allowed = allowed }
        do {
            scanner.skipWhitespace()
            try scanner.value(path: "", shape: "", depth: 0)
            return nil
        } catch .nul(let path) {
            return .validation([FieldProblem(field: path, code: "nul_character", message: "不能包含空字符(U+0000)")])
        } catch .duplicateKey(let path) {
            return .validation([FieldProblem(field: path, code: "duplicate_key", message: "同一字段出现了多次")])
        } catch .unknownField(let path) {
            return .validation([FieldProblem(field: path, code: "unknown_field", message: "不支持该字段")])
        } catch .tooDeep {
            return .badRequest(code: "malformed_json", title: "请求内容嵌套层级过深")
        } catch {
            return nil  // .malformed: the decoder says what is wrong
        }
    }

    enum Failure: Error {
        case nul(String), duplicateKey(String), unknownField(String), tooDeep, malformed
    }

    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        /// The members allowed in an object, by its path with array indices as `[]`.
        var allowed: [String: Set<String>] = [:]

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(path: String, shape: String, depth: Int) throws(Failure) {
            guard depth < JSONBodyCheck.maximumDepth else { throw .tooDeep }
            guard index < bytes.count else { throw .malformed }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var keys = Set<String>()
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
                while true {
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw .malformed }
                    let key = try string(path: path)
                    let child = path.isEmpty ? key : "\(path).\(key)"
                    if key.unicodeScalars.contains("\0") { throw .nul(child) }
                    guard keys.insert(key).inserted else { throw .duplicateKey(child) }
                    let childShape = shape.isEmpty ? key : "\(shape).\(key)"
                    if let members = allowed[shape], !members.contains(key) { throw .unknownField(child) }
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw .malformed }
                    index += 1
                    skipWhitespace()
                    try value(path: child, shape: childShape, depth: depth + 1)
                    skipWhitespace()
                    guard index < bytes.count else { throw .malformed }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return }
                    throw .malformed
                }
            case UInt8(ascii: "["):
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
                var element = 0
                while true {
                    skipWhitespace()
                    try value(path: "\(path)[\(element)]", shape: "\(shape)[]", depth: depth + 1)
                    element += 1
                    skipWhitespace()
                    guard index < bytes.count else { throw .malformed }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return }
                    throw .malformed
                }
            case UInt8(ascii: "\""):
                let text = try string(path: path)
                if text.unicodeScalars.contains("\0") { throw .nul(path) }
            default:
                // Numbers, true, false, null: their exact form is the decoder's business.
                while index < bytes.count, !Self.delimiters.contains(bytes[index]) { index += 1 }
            }
        }

        static let delimiters: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")]

        /// The string at `index` (which is its opening quote), with escapes resolved.
        mutating func string(path: String) throws(Failure) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var run = index
            var text = ""
            func flush(_ end: Int) {
                if end > run { text += String(decoding: bytes[run..<end], as: UTF8.self) }
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    flush(index)
                    index += 1
                    text.unicodeScalars.append(contentsOf: scalars)
                    return text
                }
                if byte == 0 { throw .nul(path) }
                guard byte == UInt8(ascii: "\\") else { index += 1; continue }
                flush(index)
                text.unicodeScalars.append(contentsOf: scalars)
                scalars.removeAll()
                index += 1
                guard index < bytes.count else { throw .malformed }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { throw .malformed }
                    if (0xD800...0xDBFF).contains(unit), index + 1 < bytes.count,
                       bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { throw .malformed }
                        let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
                    } else if let scalar = Unicode.Scalar(UInt32(unit)) {
                        scalars.append(scalar)
                    }
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                default: scalars.append(Unicode.Scalar(escape))  // \" \\ \/
                }
                text.unicodeScalars.append(contentsOf: scalars)
                scalars.removeAll()
                run = index
            }
            throw .malformed
        }

        mutating func hex4() -> UInt16? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt16 = 0
            for byte in bytes[index..<index + 4] {
                let digit: UInt16
                switch byte {
                case 0x30...0x39: digit = UInt16(byte - 0x30)
                case 0x41...0x46: digit = UInt16(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt16(byte - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            index += 4
            return value
        }
    }
}
