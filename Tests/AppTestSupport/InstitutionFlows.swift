import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import Testing

/// Steps of the Institutions journeys, shared by its suites.
extension AppHarness {
    /// A registration's JSON body.
    public static func registrationBody(name: String, uscc: String, licence: String, category: String = "A", region: String = "420100") -> String {
        #"{"name":"\#(name)","uscc":"\#(uscc)","superiorUnit":"湖北省卫生健康委员会","category":"\#(category)","region":"\#(region)","address":"湖北省武汉市江汉区解放大道1277号","contactName":"李主任","contactPhone":"13912345678","licenceAttachmentId":"\#(licence)"}"#
    }

    /// A verified account registers `name`, a platform administrator approves it; answers the
    /// registrant's token (now the unit's administrator) and the institution's id.
    public func approvedInstitution(_ name: String, serial: Int, admin: String) async throws -> (token: String, institution: String) {
        let (token, _) = try await verifiedCandidate("user-registrant-\(serial)", serial: 500 + serial % 400)
        let licence = try await upload(Samples.jpeg(seed: UInt8(serial % 200)), purpose: "institution_licence", token: token)
        let body = Self.registrationBody(name: name, uscc: TestInstitutions.uscc(serial), licence: try #require(licence.json["id"] as? String))
        let submitted = try await request(.post, "/api/v1/institution-registrations", json: body, token: token)
        #expect(submitted.status == .created, "\(submitted.text)")
        let id = try #require(submitted.json["id"] as? String)
        let approved = try await request(.post, "/api/v1/admin/institution-registrations/\(id)/approve", token: admin)
        #expect(approved.status == .ok, "\(approved.text)")
        return (token, try #require(approved.json["id"] as? String))
    }

    /// The unit's current confirmation code, as its administrator reads it.
    public func confirmationCode(of institution: String, token: String) async throws -> String {
        try #require(try await request(.get, "/api/v1/units/\(institution)/confirmation-code", token: token).json["code"] as? String)
    }

    public func bind(_ token: String, to institution: String, code: String) async throws -> TestResponse {
        try await request(.put, "/api/v1/me/employment", json: #"{"institutionId":"\#(institution)","confirmationCode":"\#(code)"}"#, token: token)
    }
}
