import Synchronization
import Web

/// Keeps lines in memory, so tests can assert what was (and was not) logged.
public final class CapturedLogSink: LogSink {
    private let storage = Mutex<[String]>([])
    public init() {}
    public func write(_ line: String) { storage.withLock { $0.append(line) } }
    public var lines: [String] { storage.withLock { $0 } }
}
