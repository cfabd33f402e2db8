import Foundation
import Logging

public enum LogFormat: String, Sendable, CaseIterable {
    case json, text
}

/// Where finished log lines go: standard output in the server, a buffer in tests (AppTestSupport's
/// `CapturedLogSink`).
public protocol LogSink: Sendable {
    func write(_ line: String)
}

public struct StandardOutputSink: LogSink {
    public init() {}
    public func write(_ line: String) {
        // One write per line keeps lines from different threads whole.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// One line per event, as a JSON object (for log collectors) or as readable text (for a terminal).
public struct StructuredLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let format: LogFormat
    private let sink: any LogSink

    public init(label: String, format: LogFormat, level: Logger.Level, sink: any LogSink) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let timestamp = Date.now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        switch format {
        case .json: sink.write(jsonLine(timestamp, event.level, "\(event.message)", merged))
        case .text: sink.write(textLine(timestamp, event.level, "\(event.message)", merged))
        }
    }

    private func jsonLine(_ timestamp: String, _ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) -> String {
        var object: [String: Any] = ["ts": timestamp, "level": level.rawValue, "logger": label, "msg": message]
        for (key, value) in metadata where object[key] == nil {
            object[key] = Self.jsonValue(value)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return #"{"level":"error","msg":"unencodable log line"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func textLine(_ timestamp: String, _ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) -> String {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(timestamp) \(level.rawValue.uppercased()) \(label): \(message)" + (fields.isEmpty ? "" : " " + fields)
    }

    private static func jsonValue(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): "\(convertible)"
        case .array(let array): array.map(jsonValue)
        case .dictionary(let dictionary): dictionary.mapValues(jsonValue)
        }
    }
}
