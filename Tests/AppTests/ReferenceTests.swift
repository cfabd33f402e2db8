import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Reference lists (GET /reference)", .timeLimit(.minutes(2)))
struct ReferenceTests {
    @Test func everyModulesListsAreThereWithLabelsAndTheDocumentIsCacheable() async throws {
        let app = try TestApp().make(database: TestApp.noDatabase)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/reference", method: .get)
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
            let cached = try await client.execute(uri: "/api/v1/reference", method: .get, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            #expect(try await client.execute(uri: "/api/v1/reference", method: .get, headers: [.ifNoneMatch: "\"other\""]).status == .ok)
        }
    }
}
