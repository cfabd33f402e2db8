import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Steps of the trial-declaration journey (试用期申报), shared by the TrialPeriod suites. The harness
/// clock starts on 2026-05-29 (China time), inside the 2026 cycle these helpers open.
extension AppHarness {
    public static let cycleYear = 2026

    /// The 2026 cycle's body: window 2026-01-01 – 2026-06-30, reviews until 2026-07-31, trial complete by 2026-08-31.
    public static func cycleBody(
        year: Int = cycleYear, opensAt: String = "2026-01-01T00:00:00+08:00", closesAt: String = "2026-06-30T23:59:59+08:00",
        reviewDeadline: String = "2026-07-31T23:59:59+08:00", months: Int = 12, includeYear: Bool = true
    ) -> String {
        let yearMember = includeYear ? #""year":\#(year),"# : ""
        return #"{\#(yearMember)"opensAt":"\#(opensAt)","closesAt":"\#(closesAt)","reviewDeadline":"\#(reviewDeadline)","trialCompletionDeadline":"\#(year)-08-31","noticeText":"请如实填写试用期信息。","requiredTrialMonths":\#(months)}"#
    }

    /// Opens the 2026 cycle as a platform administrator.
    public func openCycle(admin: String, body: String = AppHarness.cycleBody()) async throws {
        let created = try await request(.post, "/api/v1/admin/cycles", json: body, token: admin)
        #expect(created.status == .created, "\(created.text)")
    }

    /// A unit with its administrator, and a verified candidate (ethnicity set) bound to it.
    public struct TrialParties: Sendable {
        public let admin: String
        public let unitToken: String
        public let unit: String
        public let unitName: String
        public let candidate: String
        public let account: String
    }

    /// The platform administrator, an open 2026 cycle, a unit and a bound candidate.
    /// With `admin`, that platform administrator (whose cycle is open already) is reused.
    public func trialParties(unitName: String = "武汉市第一医院", serial: Int = 1, admin existing: String? = nil) async throws -> TrialParties {
        var admin = existing ?? ""
        if existing == nil {
            admin = try await platformAdmin()
            try await openCycle(admin: admin)
        }
        let (unitToken, unit) = try await approvedInstitution(unitName, serial: 300 + serial, admin: admin)
        let (token, account) = try await verifiedCandidate("user-trial-\(serial)", serial: 700 + serial % 200, name: "王小明")
        #expect(try await request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"01"}"#, token: token).status == .ok)
        let bound = try await bind(token, to: unit, code: try await confirmationCode(of: unit, token: unitToken))
        #expect(bound.status == .ok, "\(bound.text)")
        return TrialParties(admin: admin, unitToken: unitToken, unit: unit, unitName: unitName, candidate: token, account: account)
    }

    /// Creates the draft; answers its id.
    public func createDeclaration(_ token: String, level: String = "physician", category: String = "clinical", subtype: String? = nil) async throws -> String {
        let subtypeMember = subtype.map { #","tcmSubtype":"\#($0)""# } ?? ""
        let created = try await request(
            .post, "/api/v1/trial/applications",
            json: #"{"level":"\#(level)","category":"\#(category)"\#(subtypeMember),"noticeAcknowledged":true}"#, token: token
        )
        #expect(created.status == .created, "\(created.text)")
        return try #require(created.json["id"] as? String)
    }

    /// One 试用/工作机构 entry as JSON.
    public static func entry(_ name: String, start: String, end: String?, current: Bool) -> String {
        let endText = end.map { "\"\($0)\"" } ?? "null"
        return #"{"name":"\#(name)","department":"内科","position":"住院医师","startDate":"\#(start)","endDate":\#(endText),"supervisorName":"李医生","current":\#(current)}"#
    }

    /// A complete editable part: bachelor's degree, one current entry at the unit since 2025-05-01 (a
    /// trial year complete on the harness's first day, as a candidate who is not a fresh graduate needs).
    public static func declarationBody(
        version: Int, unitName: String, level: String = "physician", category: String = "clinical", subtype: String? = nil,
        education: String? = nil, assistantUpgrade: String = "null", freshGraduate: Bool = false, entries: [String]? = nil,
        attachments: [(purpose: String, id: String)] = []
    ) -> String {
        let subtypeText = subtype.map { "\"\($0)\"" } ?? "null"
        let educationText = education
            ?? #"{"level":"bachelor","studyForm":"full_time","school":"武汉大学","major":"临床医学","enrolledOn":"2019-09-01","graduatedOn":"2024-06-30","diplomaNumber":"104861202405000123"}"#
        let entriesText = (entries ?? [entry(unitName, start: "2025-05-01", end: nil, current: true)]).joined(separator: ",")
        let attachmentsText = attachments.map { #"{"purpose":"\#($0.purpose)","attachmentId":"\#($0.id)"}"# }.joined(separator: ",")
        return #"{"version":\#(version),"level":"\#(level)","category":"\#(category)","tcmSubtype":\#(subtypeText),"education":\#(educationText),"assistantUpgrade":\#(assistantUpgrade),"freshGraduate":\#(freshGraduate),"trialInstitutions":[\#(entriesText)],"attachments":[\#(attachmentsText)]}"#
    }

    /// Saves `body` and submits; answers the submission's response.
    public func saveAndSubmit(_ token: String, _ id: String, body: String) async throws -> TestResponse {
        let saved = try await request(.put, "/api/v1/trial/applications/\(id)", json: body, token: token)
        #expect(saved.status == .ok, "\(saved.text)")
        let version = try #require(saved.json["version"] as? Int)
        return try await request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":\#(version)}"#, token: token)
    }

    /// A submitted declaration of `parties`' candidate (complete, one current entry); answers its id.
    public func submittedDeclaration(_ parties: TrialParties) async throws -> String {
        try await submittedDeclaration(parties.candidate, unitName: parties.unitName)
    }

    public func submittedDeclaration(_ token: String, unitName: String) async throws -> String {
        let id = try await createDeclaration(token)
        let submitted = try await saveAndSubmit(token, id, body: Self.declarationBody(version: 1, unitName: unitName))
        #expect(submitted.status == .ok, "\(submitted.text)")
        return id
    }

    /// The field paths of a 422's problems.
    public static func fields(_ response: TestResponse) -> [String] {
        (response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    public static func codes(_ response: TestResponse) -> [String] {
        (response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }
}
