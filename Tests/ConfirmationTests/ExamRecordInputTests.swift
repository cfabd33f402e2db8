@testable import Confirmation
import Console
import Contracts
import Testing

/// The form and the import build their input from the field table: every member lands where a
/// hand-written input puts it, with each reader's own rules (labels for codes and Excel dates in the
/// import; slots in the form).
@Suite("Exam information: the input from a form and from an import row", .timeLimit(.minutes(1)))
struct ExamRecordInputTests {
    @Test func anImportRowWithEveryColumnBecomesTheWholeInput() {
        let row: [String: String] = [
            "education.level": "硕士研究生", "education.studyForm": "full_time", "education.enrolledOn": "2021/9/1", "education.graduatedOn": "2024-06-30",
            "education.school": " 华中科技大学 ", "education.lengthYears": "3", "education.majorType": "medicine", "education.major": "内科学",
            "education.diplomaNumber": "D1", "education.verificationReportNumber": "V1",
            "title.series": "health", "title.level": "x", "title.speciality": "内科", "title.obtainedBy": "y", "title.route": "z",
            "title.approvedOn": "2020年9月1日", "title.certificateNumber": "T1", "title.provincialLine": "是", "title.grassrootsSenior": "0",
            "title.appointedOn": "2020.09.02",
            "assistantQualification.category": "临床", "assistantQualification.issuedOn": "2019-01-02", "assistantQualification.number": "A1",
            "practiceCertificate.level": "physician", "practiceCertificate.category": "dental", "practiceCertificate.issuedOn": "2022-03-04",
            "practiceCertificate.issuingAuthority": "卫健委", "practiceCertificate.practicePlace": "武汉", "practiceCertificate.number": "P1",
            "practiceCertificate.scope": "内科",
            "nurseCertificate.number": "N1", "nurseCertificate.issuedOn": "2018-05-06", "nurseCertificate.issuingAuthority": "卫健委",
            "nurseCertificate.practicePlace": "武汉",
            "trial.position": "住院医师", "trial.category": "临床", "trial.assistantUpgrade": "否", "trial.freshGraduate": "yes",
            "trial.startDate": "2025/8/1", "trial.endDate": "2026/7/31", "trial.supervisorName": "李医生",
        ]
        let (input, problems) = ImportColumns.input(from: row)
        #expect(problems.isEmpty)
        var expected = ExamRecordInput()
        expected.education = ExamRecordInput.Education(
            level: "master", studyForm: "full_time", enrolledOn: "2021-09-01", graduatedOn: "2024-06-30", school: "华中科技大学", lengthYears: 3,
            majorType: "medicine", major: "内科学", diplomaNumber: "D1", verificationReportNumber: "V1"
        )
        expected.title = ExamRecordInput.Title(
            series: "health", level: "x", speciality: "内科", obtainedBy: "y", route: "z", approvedOn: "2020-09-01", certificateNumber: "T1",
            provincialLine: true, grassrootsSenior: false, appointedOn: "2020-09-02"
        )
        expected.qualificationCertificates = [
            ExamRecordInput.QualificationCertificate(level: "assistant_physician", category: "clinical", issuedOn: "2019-01-02", number: "A1"),
        ]
        expected.practiceCertificate = ExamRecordInput.PracticeCertificate(
            level: "physician", category: "dental", issuedOn: "2022-03-04", issuingAuthority: "卫健委", practicePlace: "武汉", number: "P1", scope: "内科"
        )
        expected.nurseCertificate = ExamRecordInput.NurseCertificate(number: "N1", issuedOn: "2018-05-06", issuingAuthority: "卫健委", practicePlace: "武汉")
        expected.trial = ExamRecordInput.Trial(
            position: "住院医师", category: "clinical", assistantUpgrade: false, freshGraduate: true, startDate: "2025-08-01", endDate: "2026-07-31",
            supervisorName: "李医生"
        )
        #expect(input == expected)
    }

    @Test func anImportRowReportsValuesOfTheWrongKindByColumn() {
        let (input, problems) = ImportColumns.input(from: ["education.lengthYears": "五", "trial.freshGraduate": "maybe", "trial.position": "医师"])
        #expect(problems.map(\.field) == ["education.lengthYears", "trial.freshGraduate"])
        #expect(problems.map(\.code) == ["invalid_number", "invalid_boolean"])
        #expect(input.education?.lengthYears == nil && input.trial?.position == "医师" && input.title == nil && input.qualificationCertificates == [])
    }

    @Test func theFormBecomesTheInputWithItsSlotsAndPhotos() {
        let form = FormBody(fields: [
            ("education.level", "master"), ("education.lengthYears", "3"), ("education.certificateAttachmentId", "a1"),
            ("qualificationCertificates[0].number", " "), ("qualificationCertificates[1].level", "physician"),
            ("qualificationCertificates[1].frontAttachmentId", "a2"), ("title.frontAttachmentId", "a3"),
            ("trial.assistantUpgrade", "true"), ("trial.freshGraduate", "other"),
        ])
        var problems: [FieldProblem] = []
        var slots: [Int] = []
        let input = RecordPages.input(from: form, problems: &problems, slots: &slots)
        #expect(problems.isEmpty)
        #expect(slots == [1])
        var expected = ExamRecordInput()
        expected.education = ExamRecordInput.Education(level: "master", lengthYears: 3, certificateAttachmentId: "a1")
        expected.qualificationCertificates = [ExamRecordInput.QualificationCertificate(level: "physician", frontAttachmentId: "a2")]
        expected.trial = ExamRecordInput.Trial(assistantUpgrade: true)
        #expect(input == expected)
        // A photo alone does not make a section present (title), and a length that is no number is reported.
        var more: [FieldProblem] = []
        _ = RecordPages.input(from: FormBody(fields: [("education.lengthYears", "3.5")]), problems: &more, slots: &slots)
        #expect(more.map(\.field) == ["education.lengthYears"] && more.map(\.message) == ["学制应为整数年"])
    }
}
