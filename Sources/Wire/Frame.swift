public import NIOCore

/// One frame: `u32 length | u8 type | u8 flags | payload` (docs/wire-protocol.md).
public struct Frame: Hashable, Sendable {
    public var type: FrameType
    public var flags: FrameFlags
    public var payload: ByteBuffer

    public init(type: FrameType, flags: FrameFlags = [], payload: ByteBuffer = ByteBuffer()) {
        self.type = type
        self.flags = flags
        self.payload = payload
    }

    /// Bytes of the header that follow the length prefix (type and flags).
    public static let headerLength = 2
    /// The default largest accepted `length`.
    public static let defaultMaximumLength = 16 << 20
}

/// The message a frame carries. A struct, not an enum, so that unknown types can be represented and skipped.
public struct FrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let hello = FrameType(rawValue: 1)
    public static let welcome = FrameType(rawValue: 2)
    public static let reject = FrameType(rawValue: 3)
    public static let snapshot = FrameType(rawValue: 4)
    public static let heartbeat = FrameType(rawValue: 5)
    public static let command = FrameType(rawValue: 6)
    public static let commandResult = FrameType(rawValue: 7)

    /// Whether this version of the protocol knows the type.
    public var isKnown: Bool { (1...7).contains(self.rawValue) }

    public var description: String {
        switch self {
        case .hello: "Hello"
        case .welcome: "Welcome"
        case .reject: "Reject"
        case .snapshot: "Snapshot"
        case .heartbeat: "Heartbeat"
        case .command: "Command"
        case .commandResult: "CommandResult"
        default: "unknown(\(self.rawValue))"
        }
    }
}

/// Frame flags; reserved bits are kept as received and ignored.
public struct FrameFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The payload is a zlib stream.
    public static let compressed = FrameFlags(rawValue: 0x01)
    /// A complete snapshot rather than a delta.
    public static let keyframe = FrameFlags(rawValue: 0x02)
    /// The last chunk of a CommandResult.
    public static let final = FrameFlags(rawValue: 0x04)
}
