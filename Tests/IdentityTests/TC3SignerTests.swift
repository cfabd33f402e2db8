import AppTestSupport
import Identity
import LibCrypto
import Testing

@Suite("TC3-HMAC-SHA256 signing", .timeLimit(.minutes(3)))
struct TC3SignerTests {
    @Test func reproducesTheProvidersWorkedExample() {
        // Tencent Cloud's signing example: the body's \u escapes are literal characters.
        let body = #"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#
        #expect(Hex.encode(SHA256.hash(Array(body.utf8))) == "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
        let signer = TC3Signer(secretID: "AKID**********************0123456789EXAMPLE", secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")
        let authorization = signer.authorization(service: "cvm", host: "cvm.tencentcloudapi.com", body: Array(body.utf8), timestamp: 1_551_113_065)
        #expect(
            authorization
                == "TC3-HMAC-SHA256 Credential=AKID**********************0123456789EXAMPLE/2019-02-25/cvm/tc3_request, "
                + "SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        )
    }

    @Test func theSignatureCoversHostBodyAndTime() {
        let signer = TC3Signer(secretID: "id", secretKey: "key")
        let base = signer.authorization(service: "sms", host: "127.0.0.1:9000", body: Array("{}".utf8), timestamp: 1_700_000_000)
        #expect(base != signer.authorization(service: "sms", host: "127.0.0.1:9001", body: Array("{}".utf8), timestamp: 1_700_000_000))
        #expect(base != signer.authorization(service: "sms", host: "127.0.0.1:9000", body: Array("{ }".utf8), timestamp: 1_700_000_000))
        #expect(base != signer.authorization(service: "sms", host: "127.0.0.1:9000", body: Array("{}".utf8), timestamp: 1_700_000_001))
        #expect(base != signer.authorization(service: "faceid", host: "127.0.0.1:9000", body: Array("{}".utf8), timestamp: 1_700_000_000))
    }
}
