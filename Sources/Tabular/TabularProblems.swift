import Contracts

/// The problems of a CSV file as a whole or of one of its values, shared by every import.
public enum TabularProblems {
    public static let unknownEncoding = FieldProblem(
        field: "file", code: "invalid_encoding",
        message: "无法识别文件编码：请在 Excel 中选择“另存为”→“CSV UTF-8（逗号分隔）”后重新上传"
    )
    public static let nulCharacter = FieldProblem(field: "file", code: "nul_character", message: "文件不能包含空字符(U+0000)")
    public static let noDataRows = FieldProblem(field: "file", code: "empty_import", message: "文件中没有数据行")

    public static func unterminatedQuote(line: Int) -> FieldProblem {
        FieldProblem(field: "line \(line)", code: "unterminated_quote", message: "第\(line)行的引号没有闭合")
    }

    /// A long number Excel showed in scientific notation and saved that way (`4.20102E+17`): its last
    /// digits are gone, so it is refused rather than guessed.
    public static func scientificNotation(field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "scientific_notation",
            message: "该值被 Excel 转成了科学计数法(如 4.20102E+17)，后几位数字已丢失：请在 Excel 中把该列设置为“文本”格式后重新填写证件号码并保存"
        )
    }
}
