import Foundation

/// The current time, injectable so tests can move it (session expiry, code validity, rate windows).
public protocol WallClock: Sendable {
    func now() -> Date
}
