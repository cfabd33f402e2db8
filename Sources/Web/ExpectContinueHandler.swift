import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Keeps `Expect: 100-continue` honest. The interim `100 Continue` is not sent here but by the route,
/// through `AppRequestContext.acceptBody(of:)`, once authentication and the route's own checks have
/// passed; so an unauthenticated or refused upload is answered before a byte of its body is sent.
/// When the final response goes out while the client is still waiting for `100 Continue`, this handler
/// marks it `Connection: close` and closes the connection after it: the client may or may not send the
/// body, so the connection cannot be reused safely (RFC 9110 §10.1.1).
public final class ExpectContinueHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    /// The current request asked for `100 Continue` and has not had it.
    private var awaitingContinue = false
    private var closeAfterResponse = false

    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            awaitingContinue = head.headerFields[.expect]?.lowercased() == "100-continue"
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response) where response.status == .continue:
            awaitingContinue = false
            context.write(data, promise: promise)
        case .head(var response) where awaitingContinue && response.status.kind != .informational:
            awaitingContinue = false
            closeAfterResponse = true
            response.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end where closeAfterResponse:
            closeAfterResponse = false
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        default:
            context.write(data, promise: promise)
        }
    }
}
