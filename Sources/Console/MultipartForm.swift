import Contracts
import Foundation
import Hummingbird
import NIOCore

/// A submitted `multipart/form-data` form (a file upload): its parts by name. Small files only (CSV
/// imports); the body is read whole, up to `maximumBytes`.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public let name: String
        public let filename: String?
        public let content: [UInt8]
    }

    public let parts: [Part]

    /// A CSV import or a form with a few photos; each file still meets its own limit where it is stored.
    public static let maximumBytes = 16 << 20

    /// The text of a plain field.
    public subscript(name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.flatMap { String(validating: $0.content, as: UTF8.self) }
    }

    /// The first uploaded file named `name`.
    public func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.filename != nil }
    }

    /// The boundary of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// nil when the bytes are not a well-formed multipart body with this boundary.
    init?(_ body: [UInt8], boundary: String) {
        let delimiter = Array(("--" + boundary).utf8)
        let separator = Array("\r\n\r\n".utf8)
        var found: [Part] = []
        guard var start = Self.find(delimiter, in: body, from: 0) else { return nil }
        while true {
            start += delimiter.count
            // "--" after a delimiter ends the body.
            if body.count >= start + 2, body[start] == UInt8(ascii: "-"), body[start + 1] == UInt8(ascii: "-") { break }
            guard body.count >= start + 2, body[start] == 13, body[start + 1] == 10 else { return nil }
            start += 2
            guard let headerEnd = Self.find(separator, in: body, from: start),
                  let next = Self.find(Array("\r\n".utf8) + delimiter, in: body, from: headerEnd + separator.count),
                  let headers = String(validating: body[start..<headerEnd], as: UTF8.self)
            else { return nil }
            var name: String?
            var filename: String?
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = Self.parameter("name", in: line)
                filename = Self.parameter("filename", in: line)
            }
            guard let name else { return nil }
            found.append(Part(name: name, filename: filename, content: Array(body[(headerEnd + separator.count)..<next])))
            start = next + 2
        }
        parts = found
    }

    static func parameter(_ key: String, in line: Substring) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(key + "=\"") , trimmed.hasSuffix("\""), trimmed.count >= key.count + 3 else { continue }
            return String(trimmed.dropFirst(key.count + 2).dropLast())
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var index = from
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The form of a console upload (its CSRF token already checked by the middleware).
    public static func read(_ request: Request) async throws -> MultipartForm {
        guard let boundary = boundary(of: request.headers[.contentType]) else {
            throw ConsoleProblems.notMultipart
        }
        let buffer = try await request.body.collect(upTo: maximumBytes)
        guard let form = MultipartForm(Array(buffer.readableBytesView), boundary: boundary) else {
            throw ConsoleProblems.unreadableUpload
        }
        return form
    }
}

extension MultipartForm.Part {
    /// The type the file's first bytes say it is (JPEG, PNG or PDF, the types attachments accept), for
    /// the uploader's declared type: a phone's camera names its files in ways no page should trust.
    /// nil for anything else; the uploader checks the bytes again against what is declared.
    public var sniffedType: AttachmentMediaType? {
        if content.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if content.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if content.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }
}
