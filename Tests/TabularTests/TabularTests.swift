import Contracts
import Tabular
import Testing

@Suite("CSV as Excel writes it and as a spreadsheet reads it")
struct TabularTests {
    @Test(arguments: [
        ("2020-09-01", "2020-09-01"), ("2020-9-1", "2020-09-01"), ("2020/9/1", "2020-09-01"), ("2020/09/01", "2020-09-01"),
        ("2020.09.01", "2020-09-01"), ("2020年9月1日", "2020-09-01"), ("2020年10月12日", "2020-10-12"),
    ])
    func datesAsExcelWritesThemBecomeISODates(_ text: String, _ iso: String) {
        #expect(SpreadsheetValue.isoDate(text) == iso)
    }

    @Test(arguments: ["20200901", "2020/9", "9/1/2020", "2020-9-1-1", "2020年9月1", "二〇二〇年九月一日", "2020/a/1", "", "2020-123-1"])
    func otherTextIsNotADate(_ text: String) {
        #expect(SpreadsheetValue.isoDate(text) == nil)
    }

    @Test(arguments: [("4.20102E+17", true), ("4.2E17", true), ("4.20106e+17", true), ("1E-5", true),
                      ("420106199003074519", false), ("42010619900307451X", false), ("E+17", false), ("4.2E", false), ("ABCE12", false)])
    func scientificNotationIsRecognised(_ text: String, _ scientific: Bool) {
        #expect(SpreadsheetValue.isScientificNotation(text) == scientific)
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://x\",\"点击\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\""),
        ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""),
        ("武汉大学", "武汉大学"), ("a,b", "\"a,b\""), ("", ""), ("1-2", "1-2"),
    ])
    func cellsThatWouldBeFormulasAreNeutralised(_ raw: String, _ written: String) {
        #expect(CSVCell.field(raw) == written)
    }

    /// COPY's CSV, split at every possible point, gives the same neutralised text.
    @Test func theStreamingGuardNeutralisesFormulasWhereverTheChunksSplit() {
        let copy = "school,name,n\n=HYPERLINK(\"\"),王五,3\n\"=cmd|' /C calc'!A0\",\"a,\"\"b\",-1\n\"\",+x,@y\n武汉大学,\"\"\"quoted\"\"\",\n"
        let expected = "school,name,n\n'=HYPERLINK(\"\"),王五,3\n\"'=cmd|' /C calc'!A0\",\"a,\"\"b\",'-1\n\"\",'+x,'@y\n武汉大学,\"\"\"quoted\"\"\",\n"
        let bytes = Array(copy.utf8)
        for split in 0...bytes.count {
            var guardState = CSVFormulaGuard()
            var out: [UInt8] = []
            bytes[..<split].withUnsafeBytes { out += guardState.filter($0) }
            bytes[split...].withUnsafeBytes { out += guardState.filter($0) }
            #expect(String(decoding: out, as: UTF8.self) == expected, "split at \(split)")
        }
    }

    @Test func gbkFilesAreDecodedAndUTF8FilesKeptAsTheyAre() throws {
        // "协和,医院" in GBK, as Chinese Windows' Excel saves a plain CSV.
        let gbk: [UInt8] = [0xD0, 0xAD, 0xBA, 0xCD, 0x2C, 0xD2, 0xBD, 0xD4, 0xBA]
        let decoded = try CSVText.decode(gbk)
        #expect(decoded.text == "协和,医院")
        #expect(decoded.encoding == .gb18030)
        let utf8 = try CSVText.decode(Array("\u{FEFF}协和,医院".utf8))
        #expect(utf8.text == "\u{FEFF}协和,医院")
        #expect(utf8.encoding == .utf8)
    }

    @Test func bytesThatAreNeitherUTF8NorGBKAreRefusedWithAHowTo() {
        // 0xFF never starts a GB 18030 character, and is never valid UTF-8.
        #expect(throws: Problem.validation([TabularProblems.unknownEncoding])) { try CSVText.decode([0x61, 0xFF, 0xFF, 0x62]) }
        #expect(throws: Problem.validation([TabularProblems.nulCharacter])) { try CSVText.decode([0x61, 0x00, 0x62]) }
    }
}
