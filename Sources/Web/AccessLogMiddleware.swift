import Foundation
import Hummingbird
import Logging

/// One line per request: method, route pattern (never the query string or ids in the path), status,
/// duration. The request id comes from the logger's metadata. A request that took `slowThreshold` or
/// longer is that same line at warning level, `slow request`, so slow routes can be found (and alerted
/// on) without a second line. The same measurement feeds the request metrics.
public struct AccessLogMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let slowThreshold: Duration
    let metrics: RequestMetrics

    public init(slowThreshold: Duration = .seconds(1), metrics: RequestMetrics = .none) {
        self.slowThreshold = slowThreshold
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), since: start)
            return response
        } catch {
            log(request, context, status: 500, since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: status, duration: elapsed)
        // Hundredths of a millisecond, written without `String(format:)` (it parses its format per call).
        let hundredths = elapsed.components.seconds * 100_000 + elapsed.components.attoseconds / 10_000_000_000_000
        let fraction = hundredths % 100
        context.logger.log(
            level: elapsed >= slowThreshold ? .warning : .info,
            elapsed >= slowThreshold ? "slow request" : "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .stringConvertible(status),
                "duration_ms": .string("\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"),
            ]
        )
    }
}
