import Contracts
import Foundation
import Hummingbird

/// A route's path: the pattern it is registered under and the links that lead to it, from one value,
/// so a link cannot drift from its route. `mount` is where the router group the pattern is registered on
/// sits (`/console`, `/api/v1`); `pattern` is relative to it, with `:name` parameters.
///
/// Every module keeps its paths in `<Module>Paths` (`ReviewPaths.declaration`), registers with
/// `path.route` on the group mounted at `mount` (unit groups: `console.unit("")`, `routes.unitAdmin("")`,
/// so the whole pattern is the path's) and builds every link and `Location` with `path.link(…)`; no URL
/// is built by hand.
public struct RoutePath: Sendable, Hashable, CustomStringConvertible {
    public let mount: String
    public let pattern: String

    public init(mount: String, _ pattern: String) {
        self.mount = mount
        self.pattern = pattern
    }

    /// A console page (`/console…`).
    public static func console(_ pattern: String) -> RoutePath { RoutePath(mount: "/console", pattern) }

    /// A platform administrator's console page (`/console/platform…`, on `ConsoleRoutes.platformAdmin`).
    public static func platformConsole(_ pattern: String) -> RoutePath { RoutePath(mount: "/console/platform", pattern) }

    /// Where the JSON API is mounted (the version is in the path).
    public static let apiMount = "/api/v1"

    /// A JSON endpoint (`/api/v1…`).
    public static func api(_ pattern: String) -> RoutePath { RoutePath(mount: apiMount, pattern) }

    /// A platform administrator's JSON endpoint (`/api/v1/admin…`, on `ModuleRoutes.platformAdmin`).
    public static func adminAPI(_ pattern: String) -> RoutePath { RoutePath(mount: apiMount + "/admin", pattern) }

    /// The path below this one: `list.appending("/:appId")`.
    public func appending(_ tail: String) -> RoutePath { RoutePath(mount: mount, pattern + tail) }

    /// The same pattern under another mount (an API route and its console page share their shape).
    public func mounted(at mount: String) -> RoutePath { RoutePath(mount: mount, pattern) }

    /// What a router group mounted at `mount` registers.
    public var route: RouterPath { RouterPath(pattern) }

    public var description: String { mount + pattern }

    /// The parameter names in order: `["institutionId", "appId"]`.
    public var parameters: [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// The absolute path with each `:parameter` filled in order (each value escaped as a path segment),
    /// and `query` after `?` when it has any pair. Giving the wrong number of values is a programming
    /// error every page test reaches.
    public func link(_ values: any PathValue..., query: QueryString = QueryString()) -> String {
        precondition(values.count == parameters.count, "\(self) takes \(parameters.count) values, given \(values.count)")
        var remaining = values[...]
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":"), let value = remaining.popFirst() else { return String(segment) }
            return QueryString.escape(value.pathSegment)
        }
        let path = mount + segments.joined(separator: "/")
        return query.isEmpty ? path : path + "?" + query.encoded
    }
}

/// A value that fills a path parameter.
public protocol PathValue: Sendable {
    var pathSegment: String { get }
}

extension UUID: PathValue {
    public var pathSegment: String { uuidString.lowercased() }
}

extension Identifier: PathValue {
    public var pathSegment: String { rawValue.pathSegment }
}

extension String: PathValue {
    public var pathSegment: String { self }
}

extension Int: PathValue {
    public var pathSegment: String { String(self) }
}

/// The query of a link, its pairs in order: the filters a list keeps in its links, a cursor.
public struct QueryString: Sendable, Equatable {
    public private(set) var pairs: [Pair]

    public struct Pair: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs.map { Pair(name: $0.0, value: $0.1) }
    }

    public var isEmpty: Bool { pairs.isEmpty }

    /// `value` under `name` at the end; nil adds nothing (an unset filter stays out of the link).
    public func adding(_ name: String, _ value: String?) -> QueryString {
        guard let value else { return self }
        var copy = self
        copy.pairs.append(Pair(name: name, value: value))
        return copy
    }

    /// `value` under `name` in place of any pair of that name (where the first was, or at the end).
    public func setting(_ name: String, _ value: String) -> QueryString {
        var copy = self
        let first = copy.pairs.firstIndex { $0.name == name }
        copy.pairs = copy.pairs.enumerated().compactMap { offset, pair in
            guard pair.name == name else { return pair }
            return offset == first ? Pair(name: name, value: value) : nil
        }
        if first == nil { copy.pairs.append(Pair(name: name, value: value)) }
        return copy
    }

    /// Every pair but those named `name`.
    public func removing(_ name: String) -> QueryString {
        var copy = self
        copy.pairs.removeAll { $0.name == name }
        return copy
    }

    /// `a=1&b=%E5%A7%93`: names and values escaped.
    public var encoded: String {
        pairs.map { Self.escape($0.name) + "=" + Self.escape($0.value) }.joined(separator: "&")
    }

    /// Everything but RFC 3986's unreserved characters escaped: safe in a path segment and a query value.
    public static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
