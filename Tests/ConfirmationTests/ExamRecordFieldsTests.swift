@testable import Confirmation
import Contracts
import Foundation
import Testing

/// The record's field table generates the CSV import's columns (as docs/exam-record-import.md lists
/// them, in English and Chinese) and the console form's inputs (names and labels as they were typed
/// before the table): a changed field fails here.
@Suite("Exam information: the field table", .timeLimit(.minutes(1)))
struct ExamRecordFieldsTests {
    @Test func theImportColumnsAreTheDocumentedPathsInOrder() {
        #expect(ImportColumns.all == [
            "documentNumber",
            "education.level", "education.studyForm", "education.enrolledOn", "education.graduatedOn", "education.school", "education.lengthYears",
            "education.majorType", "education.major", "education.diplomaNumber", "education.verificationReportNumber",
            "title.series", "title.level", "title.speciality", "title.obtainedBy", "title.route", "title.approvedOn", "title.certificateNumber",
            "title.provincialLine", "title.grassrootsSenior", "title.appointedOn",
            "physicianQualification.category", "physicianQualification.issuedOn", "physicianQualification.number",
            "assistantQualification.category", "assistantQualification.issuedOn", "assistantQualification.number",
            "practiceCertificate.level", "practiceCertificate.category", "practiceCertificate.issuedOn", "practiceCertificate.issuingAuthority",
            "practiceCertificate.practicePlace", "practiceCertificate.number", "practiceCertificate.scope",
            "nurseCertificate.number", "nurseCertificate.issuedOn", "nurseCertificate.issuingAuthority", "nurseCertificate.practicePlace",
            "trial.position", "trial.category", "trial.assistantUpgrade", "trial.freshGraduate", "trial.startDate", "trial.endDate",
            "trial.supervisorName",
            "note",
        ])
    }

    @Test func theChineseHeadersAreTheDocumentedOnes() {
        #expect(ImportColumns.all.map { ImportColumns.chinese[$0] ?? "?" } == [
            "证件号码",
            "学历", "学习形式", "入学时间", "毕业时间", "毕业学校", "学制（年）", "专业类别", "所学专业", "毕业证书编号", "学历认证报告编号",
            "职称系列", "职称级别", "职称专业", "职称取得方式", "职称取得途径", "职称批准时间", "职称证书编号", "是否省线", "是否基层高级职称", "职称聘任时间",
            "执业医师资格证书类别", "执业医师资格证书签发时间", "执业医师资格证书编号",
            "执业助理医师资格证书类别", "执业助理医师资格证书签发时间", "执业助理医师资格证书编号",
            "医师执业证书级别", "医师执业证书类别", "医师执业证书签发时间", "医师执业证书发证机关", "医师执业证书执业地点", "医师执业证书编号", "医师执业证书执业范围",
            "护士执业证书编号", "护士执业证书签发时间", "护士执业证书发证机关", "护士执业证书执业地点",
            "试用岗位", "试用类别", "是否执业助理医师报考执业医师", "是否应届毕业生", "试用开始时间", "试用结束时间", "带教老师",
            "备注",
        ])
    }

    @Test func theFormHasEverySectionWithItsInputsAndPhotos() {
        let sections = ExamRecordFields.formSections
        #expect(sections.map(\.id) == ["education", "title", "qualification-0", "qualification-1", "practice", "nurse", "trial"])
        #expect(sections.map(\.title) == ["学历信息", "专业技术职称", "医师资格证书（1）", "医师资格证书（2）", "医师执业证书", "护士执业证书", "试用期信息"])
        #expect(sections.map(\.optional) == [false, true, true, true, true, true, true])
        #expect(sections[2].fields.map(\.name) == [
            "qualificationCertificates[0].level", "qualificationCertificates[0].category", "qualificationCertificates[0].issuedOn",
            "qualificationCertificates[0].number",
        ])
        #expect(sections[1].fields.map(\.label) == ["职称系列", "职称级别", "专业", "取得方式", "取得途径", "批准时间", "证书编号", "是否省线", "是否基层高级职称", "聘任时间"])
        #expect(sections.flatMap(\.photos).map(\.path) == [
            "education.certificateAttachmentId", "title.frontAttachmentId", "title.backAttachmentId",
            "qualificationCertificates[0].frontAttachmentId", "qualificationCertificates[0].backAttachmentId",
            "qualificationCertificates[1].frontAttachmentId", "qualificationCertificates[1].backAttachmentId",
            "practiceCertificate.frontAttachmentId", "practiceCertificate.backAttachmentId",
            "nurseCertificate.frontAttachmentId", "nurseCertificate.backAttachmentId",
        ])
        #expect(ExamRecordFields.purpose(of: "nurseCertificate.backAttachmentId") == .practiceCertificate)
        #expect(ExamRecordFields.label(of: "qualificationCertificates[1].number") == "医师资格证书（2） · 证书编号")
        #expect(ExamRecordFields.photoLabel("qualificationCertificates[0].frontAttachmentId") == "医师资格证书（1） 正面")
    }
}

/// The candidate's page stars (red *) every member but `ExamRecordFields.optionalMembers`: exactly the
/// members the rules require of a present section, so a mark cannot drift from what a save needs.
@Suite("Exam information: the required marks", .timeLimit(.minutes(1)))
struct RequiredMarkTests {
    @Test func theStarredMembersAreExactlyTheOnesASaveRequires() throws {
        let empty = #"{"education":{},"title":{},"qualificationCertificates":[{}],"practiceCertificate":{},"nurseCertificate":{},"trial":{}}"#
        let input = try JSONDecoder().decode(ExamRecordInput.self, from: Data(empty.utf8))
        guard case .failure(let problem) = ExamRecordRules.content(input, attachments: [:], today: try #require(CalendarDate(year: 2026, month: 6, day: 1)))
        else { Issue.record("an empty record was accepted"); return }
        let required = Set(problem.errors.filter { $0.code == "required" }.map { $0.field.replacingOccurrences(of: "[0]", with: "") })
        let starred = Set(ExamRecordFields.sections.flatMap { section in
            section.members.map { section.path + "." + $0.name }.filter { !ExamRecordFields.optionalMembers.contains($0) }
        })
        #expect(required == starred)
        #expect(ExamRecordFields.optionalMembers.isSubset(of: Set(ExamRecordFields.sections.flatMap { s in s.members.map { s.path + "." + $0.name } })))
    }
}
