import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Limits that keep slow or idle clients from holding the server's connections: a cap on open
/// connections and a deadline for a request's header once its first byte arrived. (The idle keep-alive
/// timeout is Hummingbird's own `idleTimeout`, which also closes a connection that never sends a byte.)
public struct ConnectionLimits: Sendable {
    public var maximumConnections: Int
    public var headerTimeout: TimeAmount
    public var idleTimeout: TimeAmount

    public init(maximumConnections: Int = 1000, headerTimeout: TimeAmount = .seconds(10), idleTimeout: TimeAmount = .seconds(60)) {
        self.maximumConnections = maximumConnections
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
    }
}

/// The server-wide count of open connections.
public final class ConnectionCounter: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    public init(maximum: Int) { self.maximum = maximum }

    public var current: Int { open.load(ordering: .relaxed) }

    /// Counts a new connection if there is room.
    func admit() -> Bool {
        while true {
            let value = open.load(ordering: .relaxed)
            guard value < maximum else { return false }
            if open.compareExchange(expected: value, desired: value + 1, ordering: .relaxed).exchanged { return true }
        }
    }

    func release() { open.subtract(1, ordering: .relaxed) }
}

/// One per connection, after HTTP decoding. Refuses the connection (503, closed) when the server is at
/// its cap, and closes it (408) when a request's header is not complete within the header timeout of
/// its first byte, however slowly the client keeps trickling header lines.
public final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private enum State { case new, idle, readingHead, inRequest, refused }

    private let counter: ConnectionCounter
    private let headerTimeout: TimeAmount
    private var state = State.new
    private var counted = false
    private var deadline: Scheduled<Void>?

    public init(counter: ConnectionCounter, headerTimeout: TimeAmount) {
        self.counter = counter
        self.headerTimeout = headerTimeout
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        // Raw bytes are only visible before the HTTP decoder: a small watcher at the front of the
        // pipeline says when a request starts arriving.
        try? context.pipeline.syncOperations.addHandler(ByteWatcher(owner: self), position: .first)
        if context.channel.isActive { admit(context: context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        admit(context: context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if counted {
            counted = false
            counter.release()
        }
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        if counted {
            counted = false
            counter.release()
        }
    }

    private func admit(context: ChannelHandlerContext) {
        guard state == .new else { return }
        if counter.admit() {
            counted = true
            state = .idle
        } else {
            state = .refused
            respondAndClose(context: context, status: .serviceUnavailable)
        }
    }

    /// Called by the watcher for every chunk of raw bytes.
    fileprivate func bytesArrived(context: ChannelHandlerContext) {
        guard state == .idle else { return }
        state = .readingHead
        let loop = context.eventLoop.assumeIsolated()
        deadline = loop.scheduleTask(in: headerTimeout) { [self] in
            guard state == .readingHead else { return }
            respondAndClose(context: context, status: .requestTimeout)
        }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .refused else { return }
        if case .head = unwrapInboundIn(data) {
            state = .inRequest
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), state == .inRequest { state = .idle }
        context.write(data, promise: promise)
    }

    private func respondAndClose(context: ChannelHandlerContext, status: HTTPResponse.Status) {
        state = .refused
        let head = HTTPResponse(status: status, headerFields: [.connection: "close", .contentLength: "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }
}

/// Sits first in the pipeline and tells its `ConnectionGuard` when raw bytes arrive.
private final class ByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private weak var owner: ConnectionGuard?
    private var ownerContext: ChannelHandlerContext?

    init(owner: ConnectionGuard) { self.owner = owner }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let owner {
            if ownerContext == nil { ownerContext = try? context.pipeline.syncOperations.context(handler: owner) }
            if let ownerContext { owner.bytesArrived(context: ownerContext) }
        }
        context.fireChannelRead(data)
    }
}
