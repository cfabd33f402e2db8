import Tabular
import Testing

@Suite("CSV reading", .timeLimit(.minutes(1)))
struct CSVReaderTests {
    @Test func quotedFieldsKeepCommasQuotesAndLineBreaksAndLinesAreCounted() throws {
        let text = "\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",z\nlast,"
        let records = try CSVReader.records(text)
        #expect(records == [
            CSVReader.Record(line: 1, fields: ["a", "b"]),
            CSVReader.Record(line: 2, fields: ["x, y", "say \"hi\""]),
            CSVReader.Record(line: 4, fields: ["two\nlines", "z"]),
            CSVReader.Record(line: 6, fields: ["last", ""]),
        ])
    }

    @Test func anUnterminatedQuoteNamesTheLineItStartsOn() {
        #expect(throws: CSVReader.Failure.unterminatedQuote(line: 2)) { try CSVReader.records("a\n\"open\nstill") }
    }
}
