import Blocking
import Attachments
import Contracts
import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import LibCrypto
import Logging
import Postgres
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Attachments", .timeLimit(.minutes(3)))
struct AttachmentTests {
    static func mode(_ path: String) -> mode_t {
        var status = stat()
        stat(path, &status)
        return status.st_mode & 0o777
    }

    static func files(in directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + "/" + $0, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }
    }

    @Test func anUploadIsStoredUnderItsHashAndReadOnly() async throws {
        try await AppHarness.run { h in
            let (token, account) = try await h.loginByWeChat("user-upload")
            let bytes = Samples.jpeg(size: 300_000)
            let response = try await h.upload(bytes, token: token)
            #expect(response.status == .created)
            let hex = Hex.encode(SHA256.hash(bytes))
            #expect(response.json["sha256"] as? String == hex)
            #expect(response.json["size"] as? Int == bytes.count)
            #expect(response.json["mediaType"] as? String == "image/jpeg")
            #expect(response.json["purpose"] as? String == "education_certificate")
            let id = try #require(response.json["id"] as? String)
            #expect(response.headers[.location] == "/api/v1/attachments/\(id)")

            let root = h.app.attachmentsDirectory
            let path = "\(root)/sha256/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
            #expect(FileManager.default.contents(atPath: path).map(Array.init) == bytes)
            #expect(Self.mode(path) == 0o444)
            for directory in [root, "\(root)/sha256", "\(root)/sha256/\(hex.prefix(2))", "\(root)/tmp"] {
                #expect(Self.mode(directory) == 0o700, "\(directory) is not private")
            }
            #expect(Self.files(in: "\(root)/tmp").isEmpty)
            // Never the client's file name on disk: only hashes.
            #expect(Self.files(in: "\(root)/sha256").map { ($0 as NSString).lastPathComponent } == [hex])

            let owner = try await h.database.query("SELECT owner_id::text AS owner FROM attachments.attachments")[0].decode(String.self, "owner")
            #expect(owner == account)
            #expect(try await h.auditActions().contains("attachment.upload"))
        }
    }

    @Test func identicalBytesAreStoredOnceWithTwoRows() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-twice")
            let (other, _) = try await h.loginByWeChat("user-thrice")
            let bytes = Samples.pdf(size: 50_000)
            let first = try await h.upload(bytes, purpose: "commitment_letter", type: "application/pdf", token: token)
            let second = try await h.upload(bytes, purpose: "other_proof", type: "application/pdf", token: other)
            #expect(first.status == .created && second.status == .created)
            #expect(first.json["id"] as? String != second.json["id"] as? String)
            #expect(first.json["sha256"] as? String == second.json["sha256"] as? String)
            #expect(Self.files(in: "\(h.app.attachmentsDirectory)/sha256").count == 1)
            #expect(try await h.database.query("SELECT count(*) AS n FROM attachments.attachments")[0].decode(Int.self, "n") == 2)
        }
    }

    @Test func refusedUploadsLeaveNothing() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-refused")
            let tooBig = try await h.upload(Samples.jpeg(size: 2 * 1024 * 1024 + 1), purpose: "id_document_front", token: token)
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.json["code"] as? String == "attachment_too_large")
            #expect(tooBig.json["maximumBytes"] as? Int == 2 * 1024 * 1024)

            let gif = try await h.upload(Samples.gif, type: "image/gif", token: token)
            #expect(gif.status == .unsupportedMediaType)
            let disguised = try await h.upload(Samples.gif, type: "image/jpeg", token: token)
            #expect(disguised.status == .unsupportedMediaType)
            #expect(disguised.json["code"] as? String == "unsupported_file_type")
            let mismatched = try await h.upload(Samples.png(), type: "image/jpeg", token: token)
            #expect(mismatched.status == .unsupportedMediaType)
            #expect(mismatched.json["code"] as? String == "file_type_mismatch")
            let undeclared = try await h.client.execute(
                uri: "/api/v1/attachments?purpose=other_proof", method: .post, headers: [.authorization: "Bearer \(token)"],
                body: ByteBuffer(bytes: Samples.png())
            )
            #expect(undeclared.status == .unsupportedMediaType)

            let empty = try await h.upload([], token: token)
            #expect(empty.status == .badRequest)
            #expect(empty.json["code"] as? String == "empty_file")
            let tiny = try await h.upload([0xFF, 0xD8], token: token)
            #expect(tiny.status == .unsupportedMediaType)

            let unknown = try await h.upload(Samples.jpeg(), purpose: "selfie", token: token)
            #expect(unknown.status == .unprocessableContent)
            #expect((unknown.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "purpose")
            let missing = try await h.client.execute(
                uri: "/api/v1/attachments", method: .post, headers: [.contentType: "image/jpeg", .authorization: "Bearer \(token)"],
                body: ByteBuffer(bytes: Samples.jpeg())
            )
            #expect(missing.status == .unprocessableContent)
            #expect(try await h.upload(Samples.jpeg(), token: "x").status == .unauthorized)

            #expect(try await h.database.query("SELECT count(*) AS n FROM attachments.attachments")[0].decode(Int.self, "n") == 0)
            #expect(Self.files(in: h.app.attachmentsDirectory).isEmpty)
        }
    }

    @Test func aChunkedBodyIsCutOffAtTheLimitWhileStreaming() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-chunked")
            let port = try #require(h.client.port)
            let head = "POST /api/v1/attachments?purpose=id_document_back HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n"
            let chunk = Samples.png(size: 64 * 1024)
            let chunks = Array(repeating: RawHTTP.chunk(chunk), count: 40) + [RawHTTP.lastChunk]  // 2.5 MiB > 2 MiB
            let response = try await RawHTTP.exchange(port: port, head: head, chunks: chunks)
            #expect(response.hasPrefix("HTTP/1.1 413"), "\(response.prefix(200))")
            // The partial file goes as soon as the server notices; poll against a generous deadline.
            var clean = false
            for _ in 0..<100 where !clean {
                clean = Self.files(in: h.app.attachmentsDirectory).isEmpty
                if !clean { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(clean, "left behind: \(Self.files(in: h.app.attachmentsDirectory))")
        }
    }

    @Test func aClientThatAsksFirstIsToldToContinueAtOnce() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-expect")
            let port = try #require(h.client.port)
            let body = Samples.jpeg(size: 1_500_000)
            let head = "POST /api/v1/attachments?purpose=other_proof HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: image/jpeg\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n"
            // The interim answer comes within the client's patience, so it need not wait to send the body.
            let (interim, final) = try await RawHTTP.expectContinue(port: port, head: head, body: body, patience: 5_000_000)
            #expect(interim.hasPrefix("HTTP/1.1 100 Continue"), "no interim response: \(interim)")
            #expect(final.hasPrefix("HTTP/1.1 201"), "\(final.prefix(200))")
        }
    }

    @Test func aClientThatHangsUpMidBodyLeavesNothing() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-hangup")
            let port = try #require(h.client.port)
            let head = "POST /api/v1/attachments?purpose=other_proof HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/pdf\r\nContent-Length: 1048576\r\n\r\n"
            var connection: RawConnection? = try await RawConnection(port: port)
            let fd = try #require(connection?.descriptor)
            let bytes = Array(head.utf8) + Samples.pdf(size: 200_000)
            #expect(try await RawHTTP.io.run { RawHTTP.sendAll(bytes, to: fd) })
            // The upload was accepted and is streaming into its temporary file: the cleanup below is of a
            // real `.part` file, not of one that was never written.
            let streaming = try await RawHTTP.eventually { Self.files(in: h.app.attachmentsDirectory).contains { $0.hasSuffix(".part") } }
            #expect(streaming, "no partial file while the body was arriving: \(Self.files(in: h.app.attachmentsDirectory))")
            connection = nil  // hang up mid-body
            // The server notices the closed connection and cleans up.
            let clean = try await RawHTTP.eventually { Self.files(in: h.app.attachmentsDirectory).isEmpty }
            #expect(clean, "left behind: \(Self.files(in: h.app.attachmentsDirectory))")
            #expect(try await h.database.query("SELECT count(*) AS n FROM attachments.attachments")[0].decode(Int.self, "n") == 0)
            // The server is fine afterwards.
            #expect(try await h.upload(Samples.pdf(), purpose: "other_proof", type: "application/pdf", token: token).status == .created)
        }
    }

    @Test func downloadsGoToTheOwnerAndGrantedReadersOnly() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-owner")
            let (stranger, strangerAccount) = try await h.loginByWeChat("user-stranger")
            let bytes = Samples.png(size: 200_000)
            let created = try await h.upload(bytes, purpose: "degree_certificate", type: "image/png", token: token)
            let id = try #require(created.json["id"] as? String)
            let hex = Hex.encode(SHA256.hash(bytes))

            let download = try await h.request(.get, "/api/v1/attachments/\(id)", token: token)
            #expect(download.status == .ok)
            #expect(Array(buffer: download.body) == bytes)
            #expect(download.headers[.contentType] == "image/png")
            #expect(download.headers[.eTag] == "\"\(hex)\"")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"\(id).png\"")
            #expect(download.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(download.headers[.cacheControl] == "private")

            let cached = try await h.request(.get, "/api/v1/attachments/\(id)", token: token, headers: [.ifNoneMatch: "\"\(hex)\""])
            #expect(cached.status == .notModified)
            #expect(cached.body.readableBytes == 0)
            let stale = try await h.request(.get, "/api/v1/attachments/\(id)", token: token, headers: [.ifNoneMatch: "\"abc\""])
            #expect(stale.status == .ok)

            // Someone else's attachment is indistinguishable from no attachment.
            let foreign = try await h.request(.get, "/api/v1/attachments/\(id)", token: stranger)
            #expect(foreign.status == .notFound)
            let absent = try await h.request(.get, "/api/v1/attachments/\(UUID())", token: stranger)
            #expect(absent.status == foreign.status && absent.json["code"] as? String == foreign.json["code"] as? String)
            #expect(try await h.request(.get, "/api/v1/attachments/not-a-uuid", token: token).status == .notFound)

            // A reviewer granted access can read it.
            let store = h.attachments.store
            let attachmentID = AttachmentID(UUID(uuidString: id)!)
            try await h.database.transaction { connection in
                try await store.grantRead(attachmentID, to: .account(AccountID(UUID(uuidString: strangerAccount)!)), on: connection)
            }
            #expect(try await h.request(.get, "/api/v1/attachments/\(id)", token: stranger).status == .ok)

            let reads = try await h.database.query("SELECT count(*) AS n FROM audit.events WHERE action = 'attachment.read'")[0].decode(Int.self, "n")
            #expect(reads == 4)
        }
    }

    @Test func otherModulesCheckLinkAndShareThroughTheStore() async throws {
        try await AppHarness.run { h in
            let (token, owner) = try await h.loginByWeChat("user-linked")
            let (adminToken, _) = try await h.loginBySMS("13400134000")
            let created = try await h.upload(Samples.jpeg(), purpose: "id_document_front", token: token)
            let id = AttachmentID(UUID(uuidString: try #require(created.json["id"] as? String))!)
            let ownerID = AccountID(UUID(uuidString: owner)!)
            let store = h.attachments.store

            let summary = try await store.attachment(id, ownedBy: ownerID)
            #expect(summary?.purpose == .idDocumentFront)
            #expect(try await store.attachment(id, ownedBy: AccountID(UUID())) == nil)

            let entity = EntityReference(type: "verification", id: "v-1")
            try await h.database.transaction { connection in
                #expect(try await store.link(id, ownedBy: ownerID, to: entity, on: connection))
                #expect(try await store.link(id, ownedBy: ownerID, to: entity, on: connection))  // idempotent
                #expect(try await !store.link(id, ownedBy: AccountID(UUID()), to: entity, on: connection))
                try await store.grantRead(id, to: .platformAdmins, on: connection)
            }
            // Granted to platform administrators: a platform administrator reads it.
            #expect(try await h.request(.get, "/api/v1/attachments/\(id)", token: adminToken).status == .notFound)
            try await RoleAdministration(database: h.database).grant(.platformAdmin, toPhone: .init("13400134000")!, origin: .commandLine)
            #expect(try await h.request(.get, "/api/v1/attachments/\(id)", token: adminToken).status == .ok)
        }
    }

    @Test func twoHundredUploadsADayPerAccount() async throws {
        try await AppHarness.run { h in
            let (token, account) = try await h.loginByWeChat("user-busy-uploader")
            let first = try await h.upload(Samples.jpeg(), token: token)
            let hex = try #require(first.json["sha256"] as? String)
            // 198 more, written directly: the limit counts rows, however they came.
            try await h.database.execute(
                """
                INSERT INTO attachments.attachments (owner_id, purpose, sha256, size, media_type, created_at)
                SELECT $1, 'other_proof', $2, 4096, 'image/jpeg', $3::timestamptz FROM generate_series(1, 198)
                """,
                [UUID(uuidString: account)!, hex, h.clock.now()]
            )
            #expect(try await h.upload(Samples.jpeg(seed: 9), token: token).status == .created)  // the 200th
            let refused = try await h.upload(Samples.jpeg(seed: 10), token: token)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.json["code"] as? String == "upload_limit_reached")
            h.clock.advance(by: 86_401)
            let (fresh, _) = try await h.loginByWeChat("user-busy-uploader")  // the old session has expired too
            #expect(try await h.upload(Samples.jpeg(seed: 11), token: fresh).status == .created)
        }
    }
}
