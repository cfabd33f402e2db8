import Contracts

typealias MediaType = AttachmentMediaType

/// The file types accepted, recognised by their first bytes rather than by what the client says.
extension AttachmentMediaType {
    /// Bytes needed to recognise every type.
    static let sniffLength = 8

    /// The type the bytes start with, or nil. `prefix` may be shorter than `sniffLength` only at the end
    /// of a short body.
    static func sniff(_ prefix: [UInt8]) -> MediaType? {
        if prefix.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if prefix.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if prefix.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }

    /// The type a `Content-Type` header declares (parameters ignored), or nil for anything else.
    static func declared(_ header: String?) -> MediaType? {
        guard let header else { return nil }
        let essence = header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if essence == "image/jpg" || essence == "image/pjpeg" { return .jpeg }
        return MediaType(rawValue: essence)
    }

    var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .pdf: "pdf"
        }
    }
}

typealias Purpose = AttachmentPurpose

extension AttachmentPurpose {
    static let defaultMaximumBytes = 10 * 1024 * 1024

    /// Identity document photos go to the ID verification service as Base64, which takes at most 3 MB:
    /// 2 MiB of image is 2.67 MB of Base64.
    var maximumBytes: Int {
        switch self {
        case .idDocumentFront, .idDocumentBack: 2 * 1024 * 1024
        default: Self.defaultMaximumBytes
        }
    }
}
