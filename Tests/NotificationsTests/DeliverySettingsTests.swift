import App
import AppTestSupport
import Foundation
import Notifications
import Testing
import Web

/// Issue 27: the WeChat templates are configuration (production refuses a missing one), and every value
/// sent fits the rule of its keyword's type.
@Suite("Delivery settings and WeChat's value rules")
struct DeliverySettingsTests {
    @Test func productionRefusesAMissingTemplateButAcceptsOff() throws {
        var reader = EnvironmentReader(environment: [:])
        reader.isProduction = true
        _ = NotificationsSettings.read(from: &reader)
        #expect(reader.problems.filter { $0.hasPrefix("WECHAT_TEMPLATE_") }.count == NotificationsSettings.wechatKinds.count, "\(reader.problems)")

        var environment: [String: String] = [:]
        for kind in NotificationsSettings.wechatKinds { environment["WECHAT_TEMPLATE_\(kind.rawValue.uppercased())"] = "off" }
        for kind in NotificationsSettings.smsKinds { environment["SMS_TEMPLATE_\(kind.rawValue.uppercased())"] = "off" }
        environment["WECHAT_TEMPLATE_DECLARATION_RETURNED"] = "TPL-1"
        var complete = EnvironmentReader(environment: environment)
        complete.isProduction = true
        let settings = NotificationsSettings.read(from: &complete)
        #expect(complete.problems == [])
        #expect(settings.wechatTemplates.keys.map(\.rawValue) == ["declaration_returned"])
        #expect(settings.wechatTemplates[.declarationReturned]?.id == "TPL-1")
        #expect(settings.smsTemplates.isEmpty)
    }

    @Test(arguments: ["thing1", "title", "thing1=title,thing1=text", "thing1=body", "=title"])
    func aMalformedFieldMapIsReported(_ fields: String) {
        var reader = EnvironmentReader(environment: ["WECHAT_TEMPLATE_DECLARATION_RETURNED": "TPL-1", "WECHAT_FIELDS_DECLARATION_RETURNED": fields])
        _ = NotificationsSettings.read(from: &reader)
        #expect(reader.problems.contains { $0.hasPrefix("WECHAT_FIELDS_DECLARATION_RETURNED") }, "\(fields)")
    }

    /// The stub's rule checks (WeChat's published limits) accept what the sender makes of long, mixed text.
    @Test(arguments: [
        ("thing2", "学历证书照片不清晰，请重新上传清晰的扫描件，并补充带教医师签字"),
        ("phrase3", "Returned 已退回 to you"),
        ("character_string4", "申报编号 ABC-123 的材料 / 456789012345678901234567890"),
        ("number5", "共 12.5 天"),
    ])
    func valuesAreCutToTheirKeywordsRule(_ key: String, _ text: String) async throws {
        #expect(!WeChatStub.fits(text, key: key), "the sample must break the rule to test the cut")
        let fitted = NotificationsTesting.fit(text, key: key)
        #expect(WeChatStub.fits(fitted, key: key), "\(key): \(fitted)")
    }

    @Test func timesAreWrittenInChinaTime() {
        // 2026-05-31T16:05:00Z is 1 June 00:05 in Beijing.
        let time = Date(timeIntervalSince1970: 1_780_243_500)
        #expect(NotificationsTesting.fit("", key: "time4", time: time) == "2026年6月1日 00:05")
        #expect(NotificationsTesting.fit("", key: "date1", time: time) == "2026年6月1日")
    }
}

extension DeliverySettingsTests {
    /// China-time hour and minute → the hour and day offset an SMS may go at (default quiet hours 21–08).
    @Test(arguments: [(10, 0, 10, 0), (20, 59, 20, 0), (21, 0, 8, 1), (23, 30, 8, 1), (0, 10, 8, 0), (7, 59, 8, 0), (8, 0, 8, 0)])
    func smsWaitsForTheEndOfTheQuietHours(_ hour: Int, _ minute: Int, _ expectedHour: Int, _ days: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let now = calendar.date(from: DateComponents(year: 2026, month: 6, day: 1, hour: hour, minute: minute))!
        let allowed = NotificationsSettings().smsAllowed(at: now)
        if expectedHour == hour && days == 0 {
            #expect(allowed == now)
        } else {
            #expect(allowed == calendar.date(from: DateComponents(year: 2026, month: 6, day: 1 + days, hour: expectedHour)))
        }
    }
}
