import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, every field quoted when it must be,
/// and a text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'`
/// so that an exported name can never become a formula on an administrator's PC.
public enum CSVDownload {
    public static let byteOrderMark = "\u{FEFF}"

    public static func line(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ raw: String) -> String {
        var text = raw
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A streamed download named `filename`: `page` answers the rows after a cursor and the next
    /// cursor (nil at the end), so the whole file is never held in memory.
    public static func response(
        filename: String, header: [String], page: @escaping @Sendable (_ after: String?) async throws -> (rows: [[String]], next: String?)
    ) -> Response {
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export.csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"export.csv\"; filename*=UTF-8''\(encoded)",
                .cacheControl: "no-store",
            ],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: byteOrderMark + line(header)))
                var cursor: String?
                repeat {
                    let (rows, next) = try await page(cursor)
                    if !rows.isEmpty { try await writer.write(ByteBuffer(string: rows.map(line).joined())) }
                    cursor = next
                } while cursor != nil
                try await writer.finish(nil)
            }
        )
    }
}
