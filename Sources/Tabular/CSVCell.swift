/// Cells the platform writes into CSV files. A text a spreadsheet would run as a formula (one that
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return: OWASP's CSV-injection rule) gets a `'`
/// in front, so that what a candidate typed (a school named `=HYPERLINK(…)`) is shown as text on an
/// administrator's PC. Every CSV the platform writes goes through this rule: built cell by cell here,
/// or streamed from PostgreSQL's COPY through `CSVFormulaGuard`.
public enum CSVCell {
    /// The first bytes that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    public static func startsFormula(_ text: String) -> Bool {
        text.utf8.first.map(formulaStarts.contains) ?? false
    }

    /// The text as a cell's content: neutralised, then quoted when it holds a comma, quote or line end.
    public static func field(_ raw: String) -> String {
        let text = startsFormula(raw) ? "'" + raw : raw
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV line, CRLF-ended as Excel expects.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}

/// Neutralises formulas in CSV that arrives in pieces (PostgreSQL's `COPY … (FORMAT csv)`, whose cells
/// are quoted only when they must be): a `'` goes in front of the first character of every cell that
/// begins a formula, inside the quotes when the cell is quoted. Chunks may split cells, quotes and
/// multi-byte characters anywhere: the state carries over. Formula characters are ASCII and never
/// occur inside a UTF-8 sequence, so working on bytes is exact.
public struct CSVFormulaGuard: Sendable {
    private enum State: Sendable {
        /// At the start of a cell, not yet known whether it is quoted.
        case cellStart
        /// Just after a cell's opening quote: the next byte is its first character (or its closing quote).
        case quotedStart
        case unquoted
        case quoted
        /// A quote inside a quoted cell: either the first of a doubled quote or the closing one.
        case quoteInQuoted
    }

    private var state = State.cellStart

    public init() {}

    /// The chunk as it should be written.
    public mutating func filter(_ chunk: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunk.count + 8)
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), apostrophe = UInt8(ascii: "'")
        for byte in chunk {
            switch state {
            case .cellStart:
                if byte == quote { state = .quotedStart; out.append(byte); continue }
                if byte == comma || byte == 0x0A || (byte == 0x0D) {
                    // An empty cell (a CR here ends the line in CRLF output; COPY quotes a CR inside a cell).
                    out.append(byte)
                    continue
                }
                if CSVCell.formulaStarts.contains(byte) { out.append(apostrophe) }
                out.append(byte)
                state = .unquoted
            case .quotedStart:
                if byte == quote { state = .quoteInQuoted; out.append(byte); continue }
                if CSVCell.formulaStarts.contains(byte) { out.append(apostrophe) }
                out.append(byte)
                state = .quoted
            case .unquoted:
                out.append(byte)
                if byte == comma || byte == 0x0A { state = .cellStart }
            case .quoted:
                out.append(byte)
                if byte == quote { state = .quoteInQuoted }
            case .quoteInQuoted:
                out.append(byte)
                if byte == quote { state = .quoted } else if byte == comma || byte == 0x0A { state = .cellStart } else { state = .unquoted }
            }
        }
        return out
    }
}
