public import NIOCore

/// Closes a connection whose peer has sent nothing for the read timeout of an `IdleStateHandler` placed
/// before it (three heartbeat intervals): a silent peer is a gone peer, even when TCP has not noticed.
public final class IdleCloseHandler: ChannelInboundHandler, Sendable {
    public typealias InboundIn = NIOAny

    public init() {}

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

/// The heartbeat cadence both sides use, and after how long without a frame a peer counts as gone.
public enum Heartbeat: Sendable {
    public static let interval: Duration = .seconds(10)
    public static let silenceLimit: TimeAmount = .seconds(30)
}
