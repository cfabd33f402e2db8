extension StringProtocol {
    /// The text without the blanks around it: Unicode White_Space by default (a pasted tab or line break,
    /// an ideographic space; not U+200B, which Foundation's sets also drop and free text must refuse), or
    /// the scalars `isBlank` accepts (`\.isHTTPWhitespace` for header values). The one trimming helper of
    /// the modules; `Postgres`, below them, trims libpq's ASCII messages with Foundation's.
    public func trimmingBlanks(where isBlank: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }) -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, isBlank(first) { scalars.removeFirst() }
        while let last = scalars.last, isBlank(last) { scalars.removeLast() }
        return String(scalars)
    }
}

extension Unicode.Scalar {
    /// HTTP's optional white space around a header value's parts (RFC 9110 OWS): space and tab.
    public var isHTTPWhitespace: Bool { self == " " || self == "\t" }
}
