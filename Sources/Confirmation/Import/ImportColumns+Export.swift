import Contracts

extension ImportColumns {
    /// A saved version as the import's columns (codes as their Chinese labels, yes/no as 是/否, dates as
    /// `YYYY-MM-DD`), so the unit's export can be filled in and imported back unchanged.
    static func values(of content: ExamRecordContent) throws -> [String: String] {
        ExamRecordFields.importValues(of: try content.leaves())
    }
}
