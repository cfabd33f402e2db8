import Contracts
import Hummingbird

/// `/healthz` says the process is alive (for restarts); `/readyz` says it can serve, i.e. the database
/// answers (for the load balancer).
public enum HealthRoutes {
    public static func register(on router: RouteRegistry, isReady: @escaping @Sendable () async -> Bool) {
        router.get("/healthz") { _, _ in
            HealthStatus(status: "ok")
        }
        router.get("/readyz") { _, _ in
            guard await isReady() else { throw Problem.serviceUnavailable }
            return HealthStatus(status: "ready")
        }
    }
}

struct HealthStatus: ResponseCodable {
    let status: String
}
