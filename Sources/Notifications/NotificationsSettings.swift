import Contracts
import Foundation
import Web

/// The Notifications module's limits, read from the environment with their defaults.
public struct NotificationsSettings: Sendable, Equatable {
    /// `NOTIFICATION_TEXT_MAX_CHARACTERS`: a message's text is cut to this many characters (with …),
    /// so a long reason never fails the change that caused the message.
    public var maximumTextCharacters: Int
    /// The WeChat subscribe-message template of each kind that goes by WeChat (`WECHAT_TEMPLATE_<KIND>`,
    /// `WECHAT_PAGE_<KIND>`, `WECHAT_FIELDS_<KIND>`); a kind without one stays in the inbox.
    public var wechatTemplates: [NotificationKind: WeChatTemplate]
    /// The Tencent Cloud SMS template of each kind that must not be missed (`SMS_TEMPLATE_<KIND>`); its one
    /// parameter is the message's title.
    public var smsTemplates: [NotificationKind: String]
    /// `SMS_QUIET_HOURS_START`, `SMS_QUIET_HOURS_END`: China-time hours in which no SMS is sent (held until
    /// the end); equal hours: none.
    public var smsQuietStartHour: Int
    public var smsQuietEndHour: Int
    /// `NOTIFICATION_DELIVERY_BATCH`: rows one worker claims at a time.
    public var deliveryBatchSize: Int
    /// `NOTIFICATION_DELIVERY_LEASE_SECONDS`: a claimed row is another worker's again after this long
    /// (the claimant died mid-send); longer than any send takes.
    public var deliveryLease: TimeInterval
    /// `NOTIFICATION_DELIVERY_POLL_MS`: how often an idle worker looks for due rows.
    public var deliveryPollMilliseconds: Int
    /// `NOTIFICATION_RETRY_BASE_SECONDS`: the first retry's delay; each further one doubles, up to
    /// `retryMaximumDelay`, with jitter.
    public var retryBaseDelay: TimeInterval
    /// `NOTIFICATION_RETRY_MAX_DELAY_SECONDS`.
    public var retryMaximumDelay: TimeInterval
    /// `NOTIFICATION_RETRY_LIMIT_SECONDS`: after this long since the message, a delivery that still
    /// fails is `failed` (default 24 h).
    public var retryLimit: TimeInterval
    /// `NOTIFICATION_DELIVERY_RETENTION_DAYS`: sent, skipped and failed rows older than this are pruned.
    public var deliveryRetentionDays: Int

    /// The kinds a candidate receives in the mini-program: each has its WeChat template settings.
    public static let wechatKinds: [NotificationKind] = [
        .verificationApproved, .verificationRejected, .declarationReturned, .declarationApproved, .declarationModificationAllowed,
        .declarationDeadlineReminder, .examRecordAwaitingConfirmation, .disputeAnswered, .bindingEnded,
    ]

    /// The kinds that also go by SMS (issue 27: what must not be missed).
    public static let smsKinds: [NotificationKind] = [.declarationReturned, .declarationModificationAllowed, .declarationDeadlineReminder]

    public init(
        maximumTextCharacters: Int = 1000, wechatTemplates: [NotificationKind: WeChatTemplate] = [:],
        smsTemplates: [NotificationKind: String] = [:], smsQuietStartHour: Int = 21, smsQuietEndHour: Int = 8, deliveryBatchSize: Int = 20,
        deliveryLease: TimeInterval = 60, deliveryPollMilliseconds: Int = 1000, retryBaseDelay: TimeInterval = 30,
        retryMaximumDelay: TimeInterval = 3600, retryLimit: TimeInterval = 24 * 3600, deliveryRetentionDays: Int = 180
    ) {
        self.maximumTextCharacters = maximumTextCharacters
        self.wechatTemplates = wechatTemplates
        self.smsTemplates = smsTemplates
        self.smsQuietStartHour = smsQuietStartHour
        self.smsQuietEndHour = smsQuietEndHour
        self.deliveryBatchSize = deliveryBatchSize
        self.deliveryLease = deliveryLease
        self.deliveryPollMilliseconds = deliveryPollMilliseconds
        self.retryBaseDelay = retryBaseDelay
        self.retryMaximumDelay = retryMaximumDelay
        self.retryLimit = retryLimit
        self.deliveryRetentionDays = deliveryRetentionDays
    }

    public static func read(from reader: inout EnvironmentReader) -> NotificationsSettings {
        var templates: [NotificationKind: WeChatTemplate] = [:]
        for kind in wechatKinds {
            let suffix = kind.rawValue.uppercased()
            let page = reader.string("WECHAT_PAGE_\(suffix)", default: WeChatTemplate.defaultPage)
            let fieldsText = reader.string("WECHAT_FIELDS_\(suffix)", default: WeChatTemplate.defaultFields)
            guard let id = reader.value("WECHAT_TEMPLATE_\(suffix)") else {
                if reader.isProduction {
                    reader.report("WECHAT_TEMPLATE_\(suffix) must be set in production (a template id, or off to keep \(kind.rawValue) in the inbox)")
                }
                continue
            }
            guard id.lowercased() != "off" else { continue }
            guard let fields = WeChatTemplate.parseFields(fieldsText) else {
                reader.report("WECHAT_FIELDS_\(suffix) must be key=source pairs separated by commas (sources: \(WeChatFieldSource.allCases.map(\.rawValue).joined(separator: ", "))), got \"\(fieldsText)\"")
                continue
            }
            templates[kind] = WeChatTemplate(id: id, page: page, fields: fields)
        }
        var sms: [NotificationKind: String] = [:]
        for kind in smsKinds {
            let name = "SMS_TEMPLATE_\(kind.rawValue.uppercased())"
            guard let id = reader.value(name) else {
                if reader.isProduction { reader.report("\(name) must be set in production (a Tencent Cloud SMS template id, or off)") }
                continue
            }
            guard id.lowercased() != "off" else { continue }
            sms[kind] = id
        }
        return NotificationsSettings(
            maximumTextCharacters: reader.integer("NOTIFICATION_TEXT_MAX_CHARACTERS", default: 1000, in: 100...1000),
            wechatTemplates: templates,
            smsTemplates: sms,
            smsQuietStartHour: reader.integer("SMS_QUIET_HOURS_START", default: 21, in: 0...23),
            smsQuietEndHour: reader.integer("SMS_QUIET_HOURS_END", default: 8, in: 0...23),
            deliveryBatchSize: reader.integer("NOTIFICATION_DELIVERY_BATCH", default: 20, in: 1...500),
            deliveryLease: reader.seconds("NOTIFICATION_DELIVERY_LEASE_SECONDS", default: 60, in: 1...3600),
            deliveryPollMilliseconds: reader.integer("NOTIFICATION_DELIVERY_POLL_MS", default: 1000, in: 10...60_000),
            retryBaseDelay: reader.seconds("NOTIFICATION_RETRY_BASE_SECONDS", default: 30, in: 1...3600),
            retryMaximumDelay: reader.seconds("NOTIFICATION_RETRY_MAX_DELAY_SECONDS", default: 3600, in: 1...86_400),
            retryLimit: reader.seconds("NOTIFICATION_RETRY_LIMIT_SECONDS", default: 24 * 3600, in: 60...604_800),
            deliveryRetentionDays: reader.integer("NOTIFICATION_DELIVERY_RETENTION_DAYS", default: 180, in: 1...3650)
        )
    }

    /// When an SMS may go at `now`: `now` itself, or the end of the quiet hours it falls in (China time).
    public func smsAllowed(at now: Date) -> Date {
        guard smsQuietStartHour != smsQuietEndHour else { return now }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let hour = calendar.component(.hour, from: now)
        let quiet = smsQuietStartHour < smsQuietEndHour
            ? (smsQuietStartHour..<smsQuietEndHour).contains(hour)
            : hour >= smsQuietStartHour || hour < smsQuietEndHour
        guard quiet else { return now }
        let morning = calendar.date(bySettingHour: smsQuietEndHour, minute: 0, second: 0, of: now) ?? now
        return morning > now ? morning : calendar.date(byAdding: .day, value: 1, to: morning) ?? now
    }

    /// The template ids a candidate may subscribe to.
    var templateIDs: Set<String> { Set(wechatTemplates.values.map(\.id)) }
}

/// One kind's WeChat subscribe-message template: its id, the mini-program page it opens, and which
/// value goes in each of its keywords (`thing1=title,thing2=text,time3=time`).
public struct WeChatTemplate: Sendable, Equatable {
    public static let defaultPage = "pages/messages/index"
    public static let defaultFields = "thing1=title,thing2=text,time3=time"

    public let id: String
    public let page: String
    public let fields: [(key: String, source: WeChatFieldSource)]

    public init(id: String, page: String = defaultPage, fields: [(key: String, source: WeChatFieldSource)] = parseFields(defaultFields)!) {
        self.id = id
        self.page = page
        self.fields = fields
    }

    public static func == (lhs: WeChatTemplate, rhs: WeChatTemplate) -> Bool {
        lhs.id == rhs.id && lhs.page == rhs.page && lhs.fields.map(\.key) == rhs.fields.map(\.key)
            && lhs.fields.map(\.source) == rhs.fields.map(\.source)
    }

    /// `key=source,…`; nil when malformed (an empty key, an unknown source, a repeated key).
    public static func parseFields(_ text: String) -> [(key: String, source: WeChatFieldSource)]? {
        var fields: [(key: String, source: WeChatFieldSource)] = []
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
                  let source = WeChatFieldSource(rawValue: parts[1]), !fields.contains(where: { $0.key == parts[0] })
            else { return nil }
            fields.append((parts[0], source))
        }
        return fields.isEmpty ? nil : fields
    }
}

/// What fills a template keyword: the message's title, its text, its time, or a short status phrase.
public enum WeChatFieldSource: String, Sendable, CaseIterable {
    case title, text, time, status
}
