public import Wire

/// What the uplink does with the server's commands, and where their results wait to be sent.
public struct CommandChannel: Sendable {
    public let outbox: CommandOutbox
    let handle: @Sendable (Podwatch_V1_Command) async -> Void

    public init(outbox: CommandOutbox, handle: @escaping @Sendable (Podwatch_V1_Command) async -> Void) {
        self.outbox = outbox
        self.handle = handle
    }

    /// Commands go to `profiler`; their results to `outbox` (one per server replica).
    public init(profiler: Profiler, outbox: CommandOutbox) {
        self.init(outbox: outbox) { await profiler.handle($0, replyTo: outbox) }
    }

    /// Refuses every command with a reason (an agent built or started without command support).
    public static func refusing(_ reason: String) -> CommandChannel {
        let outbox = CommandOutbox()
        return CommandChannel(outbox: outbox) { command in
            var result = Podwatch_V1_CommandResult()
            result.id = command.id
            result.state = .failed
            result.error = reason
            outbox.put(WireMessage.commandResult(result, final: true).frame())
        }
    }
}
