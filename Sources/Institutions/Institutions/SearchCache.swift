import CoreMetrics
import Synchronization

/// Search results kept in memory, valid for one version of the registry (docs/adr/0014).
///
/// The candidates of a season type the same few fragments (a city, 人民医院, their hospital's short
/// name) thousands of times, while the registry changes a few times a day. Each request already reads
/// the registry's version in its authenticating statement (`InstitutionStore.registryPreload`), so a
/// result is reused only by requests that saw the same version it was stored under; any committed
/// change to an institution moves the version and every older entry is dropped at once, on every
/// instance. A result may be newer than its version (the search ran after the version was read), never
/// older.
///
/// Bounded: two generations of at most `capacity / 2` entries each; a hit in the older one moves the
/// entry into the newer, and when the newer is full it becomes the older and the older is dropped — an
/// approximation of least-recently-used with no bookkeeping per hit.
final class SearchCache: Sendable {
    struct Key: Hashable, Sendable {
        let query: InstitutionQuery
        let limit: Int
        let cursor: SearchCursor?
    }

    struct Page: Sendable {
        let items: [Institution]
        let next: SearchCursor?
    }

    private struct State {
        var version: Int64 = .min
        var current: [Key: Page] = [:]
        var previous: [Key: Page] = [:]

        mutating func move(to version: Int64) {
            self.version = version
            current = [:]
            previous = [:]
        }
    }

    let capacity: Int
    private let state = Mutex(State())
    private let hits: Counter
    private let misses: Counter

    /// `capacity` 0 turns the cache off.
    init(capacity: Int, metrics: any MetricsFactory) {
        self.capacity = max(0, capacity)
        hits = Counter(label: "health_talent_institution_search_cache_total", dimensions: [("result", "hit")], factory: metrics)
        misses = Counter(label: "health_talent_institution_search_cache_total", dimensions: [("result", "miss")], factory: metrics)
    }

    var isEnabled: Bool { capacity > 0 }

    /// The stored page for `key` if it was stored under `version`. A request that read an older
    /// version than the cache holds (it started before a change committed) is answered from nothing.
    func page(for key: Key, version: Int64) -> Page? {
        let page: Page? = state.withLock { state in
            if version > state.version { state.move(to: version) }
            guard version == state.version else { return nil }
            if let page = state.current[key] { return page }
            guard let page = state.previous.removeValue(forKey: key) else { return nil }
            Self.insert(page, for: key, into: &state, half: max(1, capacity / 2))
            return page
        }
        (page == nil ? misses : hits).increment()
        return page
    }

    /// Keeps `page`, found by a request that read `version`, unless the registry has moved on since.
    func store(_ page: Page, for key: Key, version: Int64) {
        guard isEnabled else { return }
        state.withLock { state in
            if version > state.version { state.move(to: version) }
            guard version == state.version else { return }
            Self.insert(page, for: key, into: &state, half: max(1, capacity / 2))
        }
    }

    private static func insert(_ page: Page, for key: Key, into state: inout State, half: Int) {
        if state.current[key] == nil, state.current.count >= half {
            state.previous = state.current
            state.current = [:]
        }
        state.current[key] = page
    }

    /// Entries held now (both generations), for tests.
    var count: Int { state.withLock { $0.current.count + $0.previous.count } }
}
