import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Tabular

/// CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, every field quoted when it must be,
/// and a text that a spreadsheet would run as a formula neutralised (`CSVCell`, the platform's one rule).
public enum CSVDownload {
    public static let byteOrderMark = "\u{FEFF}"

    public static func line(_ fields: [String]) -> String {
        CSVCell.line(fields)
    }

    /// A small file held whole (an import template: the header and an example row), for Excel.
    public static func file(filename: String, lines: String) -> Response {
        Response(status: .ok, headers: headers(filename), body: ResponseBody(byteBuffer: ByteBuffer(string: byteOrderMark + lines)))
    }

    static func headers(_ filename: String) -> HTTPFields {
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export.csv"
        return [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"export.csv\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "no-store",
        ]
    }

    /// A streamed download named `filename`: `page` answers the rows after a cursor and the next
    /// cursor (nil at the end), so the whole file is never held in memory.
    public static func response(
        filename: String, header: [String], page: @escaping @Sendable (_ after: String?) async throws -> (rows: [[String]], next: String?)
    ) -> Response {
        Response(
            status: .ok,
            headers: headers(filename),
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
