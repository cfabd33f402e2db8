/// What a test waits for did not happen within its deadline.
public struct ConditionTimedOut: Error, CustomStringConvertible {
    public let description: String
}

/// Polls `condition` every `interval` until it holds, for what a test must wait for (a connection being
/// served, callers in line) instead of sleeping a fixed time and hoping. Throws `ConditionTimedOut`,
/// naming `what`, when it still does not hold after `timeout`: generous, so only a real failure trips it.
public func eventually(
    _ what: @autoclosure () -> String, timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(5),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    if try await condition() { return }
    throw ConditionTimedOut(description: "never saw \(what()) within \(timeout)")
}
