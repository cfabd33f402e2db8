import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Reference lists (GET /reference)", .timeLimit(.minutes(2)))
struct ReferenceTests {
    /// With a database: the document carries the current cycle's eligibility table, read per request.
    @Test func everyModulesListsAreThereWithLabelsAndTheDocumentIsCacheable() async throws {
        try await AppHarness.run { h in
            let response = try await h.request(.get, "/api/v1/reference")
            #expect(response.status == .ok)
            let lists = try #require(response.json["lists"] as? [String: [[String: String]]])
            for name in ["documentTypes", "verificationMethods", "ethnicGroups", "attachmentPurposes", "institutionCategories", "regions"] {
                #expect(lists[name]?.isEmpty == false, "\(name) missing")
            }
            #expect(lists["regions"]?.first { $0["code"] == "429021" }?["label"] == "神农架林区")
            #expect(lists["documentTypes"]?.first { $0["code"] == "resident_id" }?["label"] == "居民身份证")
            #expect(lists["ethnicGroups"]?.count == 58)
            let etag = try #require(response.headers[.eTag])
            #expect(response.headers[.cacheControl]?.contains("max-age") == true)
            let cached = try await h.request(.get, "/api/v1/reference", headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            #expect(try await h.request(.get, "/api/v1/reference", headers: [.ifNoneMatch: "\"other\""]).status == .ok)
        }
    }
}
