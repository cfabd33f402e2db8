import HTTPTypes
import Hummingbird
import Synchronization

/// The router feature modules register on. It forwards to Hummingbird's router and remembers every
/// (path, method) pair, because Hummingbird answers a known path with a wrong method as 404 and the
/// API promises 405 with an `Allow` header.
public final class RouteRegistry: RouterMethods {
    public typealias Context = AppRequestContext

    public let router: Router<AppRequestContext>
    public let table = RouteTable()

    public init() {
        // HEAD answers as GET without the body (RFC 9110 §9.3.2), for pages and the API alike.
        router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    }

    @discardableResult
    public func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        router.on(path, method: method, responder: responder)
        table.record(path, method)
        return self
    }

    @discardableResult
    public func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}

/// Registered routes, readable while requests are served.
public final class RouteTable: Sendable {
    private let routes = Mutex<[(path: RouterPath, method: HTTPRequest.Method)]>([])

    func record(_ path: RouterPath, _ method: HTTPRequest.Method) {
        routes.withLock { $0.append((path, method)) }
    }

    /// Every registered route as (OpenAPI-style path, method), e.g. ("/api/v1/attachments/{id}", "GET").
    public var documented: [(path: String, method: String)] {
        routes.withLock { routes in
            routes.map { route in
                let segments = route.path.components.map { element in
                    let text = element.description
                    return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                }
                return ("/" + segments.joined(separator: "/"), route.method.rawValue)
            }
        }
    }

    /// Methods registered for paths that match `path`, in registration order.
    public func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.withLock { routes in
            // The router prefers a constant segment to a parameter and does not backtrack, so only the
            // most specific of the matching patterns can answer (`…/{year}/import` hides `…/{year}/{accountId}`).
            let matching = routes.filter { Self.matches($0.path, segments) }
            guard let best = matching.map({ Self.specificity($0.path) }).max(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
            var methods: [HTTPRequest.Method] = []
            for route in matching where Self.specificity(route.path) == best && !methods.contains(route.method) {
                methods.append(route.method)
            }
            return methods
        }
    }

    /// Per segment: 1 for a constant, 0 for a parameter or wildcard.
    private static func specificity(_ pattern: RouterPath) -> [Int] {
        pattern.components.map { element in
            let text = element.description
            return text.hasPrefix(":") || text.hasPrefix("{") || text.hasPrefix("*") ? 0 : 1
        }
    }

    private static func matches(_ pattern: RouterPath, _ segments: [Substring]) -> Bool {
        let elements = pattern.components
        var index = 0
        for element in elements {
            if element.description == "**" { return true }
            guard index < segments.count, element ~= segments[index] else { return false }
            index += 1
        }
        return index == segments.count
    }
}
