import CoreMetrics
import Hummingbird
import Logging
import Postgres
import Prometheus
import Synchronization

/// The server's metrics: one Prometheus registry per application (not the process-wide
/// `MetricsSystem`, so tests that build several applications in one process each see their own),
/// handed to the modules as a `MetricsFactory`, and read by `GET /metrics` on a listener of its own.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    public let factory: any MetricsFactory
    /// Pool timeouts already added to the counter (the pool counts them itself; a scrape adds the rest).
    private let countedTimeouts = Mutex(0)
    /// The same for round trips and statements sent.
    private let countedTraffic = Mutex((roundTrips: 0, statements: 0))

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Requests here take milliseconds; the default buckets start at 5 ms.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    private static var poolSize: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "health_talent", subsystem: "db_pool", metricName: "size", unitName: "", helpText: "connections the pool may open"
    ) }
    private static var poolConnections: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "health_talent", subsystem: "db_pool", metricName: "connections", unitName: "", helpText: "open connections, idle or in use"
    ) }
    private static var poolWaiting: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "health_talent", subsystem: "db_pool", metricName: "waiting", unitName: "", helpText: "requests waiting for a connection"
    ) }
    private static var poolTimeouts: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "health_talent", subsystem: "db_pool", metricName: "acquire_timeouts", unitName: "total",
        helpText: "waits for a connection that ran out (answered 503)"
    ) }

    private static var roundTrips: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "health_talent", subsystem: "db", metricName: "round_trips", unitName: "total",
        helpText: "round trips to PostgreSQL (a pipeline of several statements is one)"
    ) }
    private static var statements: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "health_talent", subsystem: "db", metricName: "statements", unitName: "total", helpText: "statements sent to PostgreSQL"
    ) }

    /// The Prometheus text, with the pool's gauges read at this moment.
    public func scrape(database: Database) async -> [UInt8] {
        let pool = await database.poolStatistics
        registry.makeGauge(descriptor: Self.poolSize).set(Int64(pool.size))
        registry.makeGauge(descriptor: Self.poolConnections, labels: [("state", "idle")]).set(Int64(pool.idle))
        registry.makeGauge(descriptor: Self.poolConnections, labels: [("state", "in_use")]).set(Int64(pool.inUse))
        registry.makeGauge(descriptor: Self.poolWaiting).set(Int64(pool.waiting))
        let newTimeouts = countedTimeouts.withLock { counted in
            defer { counted = max(counted, pool.acquireTimeouts) }
            return max(0, pool.acquireTimeouts - counted)
        }
        registry.makeCounter(descriptor: Self.poolTimeouts).increment(by: Int64(newTimeouts))
        let traffic = countedTraffic.withLock { counted in
            defer { counted = (max(counted.roundTrips, pool.roundTrips), max(counted.statements, pool.statements)) }
            return (max(0, pool.roundTrips - counted.roundTrips), max(0, pool.statements - counted.statements))
        }
        registry.makeCounter(descriptor: Self.roundTrips).increment(by: Int64(traffic.0))
        registry.makeCounter(descriptor: Self.statements).increment(by: Int64(traffic.1))
        return registry.emitToBuffer()
    }
}

/// `GET /metrics` on METRICS_HOST:METRICS_PORT (default 127.0.0.1:9464): a second, private listener,
/// so the public port (and the proxy in front of it) never exposes route names and counts.
public func makeMetricsApplication(
    metrics: ServerMetrics, database: Database, host: String, port: Int, logger: Logger
) -> some ApplicationProtocol {
    let router = Router()
    router.get("/metrics") { _, _ -> Response in
        let text = await metrics.scrape(database: database)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text))
        )
    }
    return Application(
        router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: logger
    )
}
