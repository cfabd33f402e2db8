import CoreMetrics
import Hummingbird

/// The HTTP layer's metrics: requests by route template and status, their latency, and the refusals
/// of every rate limit by its problem code. Labels come from bounded sets only (the route table, known
/// methods, status codes, problem codes), never from what a client typed, so a scanner cannot blow up
/// the number of series.
public struct RequestMetrics: Sendable {
    let factory: any MetricsFactory

    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// For tests and commands that do not export metrics.
    public static let none = RequestMetrics(factory: NOOPMetricsHandler.instance)

    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    func record(method: String, route: String, status: Int, duration: Duration) {
        let method = Self.knownMethods.contains(method) ? method : "OTHER"
        Counter(
            label: "health_talent_http_requests_total",
            dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory
        ).increment()
        Timer(
            label: "health_talent_http_request_duration_seconds", dimensions: [("method", method), ("route", route)], factory: factory
        ).recordNanoseconds(duration.components.seconds &* 1_000_000_000 &+ duration.components.attoseconds / 1_000_000_000)
    }

    func rateLimited(_ code: String) {
        Counter(label: "health_talent_rate_limited_total", dimensions: [("limit", code)], factory: factory).increment()
    }
}
