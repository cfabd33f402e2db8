import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Steps of the exam-information journey (信息确认), shared by the Confirmation suites.
extension AppHarness {
    public static let recordYear = 2026

    public static let educationJSON =
        #"{"level":"master","studyForm":"full_time","enrolledOn":"2021-09-01","graduatedOn":"2024-06-30","school":"华中科技大学","lengthYears":3,"majorType":"medicine","major":"内科学","diplomaNumber":"104871202405000321","verificationReportNumber":null,"certificateAttachmentId":null}"#

    public static let titleJSON =
        #"{"series":"health_medical","level":"junior","speciality":"内科","obtainedBy":"exam","route":"national_exam","approvedOn":"2025-06-01","certificateNumber":"T2025001","provincialLine":false,"grassrootsSenior":false,"appointedOn":null,"frontAttachmentId":null,"backAttachmentId":null}"#

    public static let trialJSON =
        #"{"position":"住院医师","category":"clinical","assistantUpgrade":false,"freshGraduate":true,"startDate":"2025-08-01","endDate":"2026-07-31","supervisorName":"李医生"}"#

    /// A record body: education always (unless given), the other sections as given (JSON text).
    public static func recordBody(
        version: Int? = nil, note: String? = nil, education: String = educationJSON, title: String = "null",
        qualifications: [String] = [], practice: String = "null", nurse: String = "null", trial: String = "null"
    ) -> String {
        var members = [
            #""education":\#(education)"#, #""title":\#(title)"#, #""qualificationCertificates":[\#(qualifications.joined(separator: ","))]"#,
            #""practiceCertificate":\#(practice)"#, #""nurseCertificate":\#(nurse)"#, #""trial":\#(trial)"#,
        ]
        if let version { members.append(#""version":\#(version)"#) }
        if let note { members.append(#""note":"\#(note)""#) }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// The bulk entry CSV's header: education, a physician qualification and the trial (the import suites).
    public static let importHeader = "documentNumber,education.level,education.studyForm,education.enrolledOn,education.graduatedOn,education.school,education.lengthYears,education.diplomaNumber,physicianQualification.category,physicianQualification.issuedOn,physicianQualification.number,trial.position,trial.category,trial.assistantUpgrade,trial.freshGraduate,trial.startDate,trial.endDate,trial.supervisorName,note"

    /// One valid row under `importHeader` for the candidate with document `number`.
    public static func importRow(_ number: String, school: String = "武汉大学", years: String = "5") -> String {
        "\(number),本科,full_time,2019-09-01,2024-06-30,\"\(school)\",\(years),D2024001,临床,2025-03-01,Q0001,住院医师,clinical,否,是,2025-08-01,2026-07-31,李医生,"
    }

    public static func qualificationJSON(level: String = "physician", category: String = "clinical", number: String = "Q110420000001") -> String {
        #"{"level":"\#(level)","category":"\#(category)","issuedOn":"2025-03-01","number":"\#(number)","frontAttachmentId":null,"backAttachmentId":null}"#
    }

    public func recordPath(_ p: TrialParties, year: Int = recordYear) -> String {
        "/api/v1/units/\(p.unit)/exam-records/\(year)/\(p.account)"
    }

    /// Saves a record as the unit; expects success and answers the response.
    @discardableResult
    public func saveRecord(_ p: TrialParties, _ body: String = AppHarness.recordBody()) async throws -> TestResponse {
        let saved = try await request(.put, recordPath(p), json: body, token: p.unitToken)
        #expect(saved.status == .created || saved.status == .ok, "\(saved.text)")
        return saved
    }

    public func myRecord(_ token: String, year: Int = recordYear) async throws -> TestResponse {
        try await request(.get, "/api/v1/exam-records/\(year)/me", token: token)
    }

    public func confirmRecord(_ token: String, version: Int, year: Int = recordYear) async throws -> TestResponse {
        try await request(.post, "/api/v1/exam-records/\(year)/me/confirm", json: #"{"version":\#(version)}"#, token: token)
    }
}
