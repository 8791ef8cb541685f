public import Telemetry

/// Why a frame or payload was refused. One connection fails with it; the process never does.
public struct WireError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case frameTooLarge
        case frameTooShort
        case corruptCompression
        case inflatedTooLarge
        case malformedPayload
        case unexpectedFrame
        case refused
    }

    private let code: Code
    /// Details: sizes, the offending type, the decoder's message.
    public let detail: String
    /// The limit a well-formed snapshot broke (``refused(_:)``); nil for every other error.
    public let violation: LimitViolation?

    private init(_ code: Code, _ detail: String, violation: LimitViolation? = nil) {
        self.code = code
        self.detail = detail
        self.violation = violation
    }

    /// A snapshot that decodes but breaks one of ingest's ``SnapshotLimits`` (docs/wire-protocol.md#limits).
    public static func refused(_ violation: LimitViolation) -> WireError {
        WireError(.refused, "snapshot refused: \(violation)", violation: violation)
    }

    /// The length prefix exceeds the maximum frame length (checked before anything is buffered).
    public static func frameTooLarge(length: Int, maximum: Int) -> WireError {
        WireError(.frameTooLarge, "frame of \(length) bytes exceeds the maximum of \(maximum)")
    }

    /// The length prefix is smaller than the type and flags bytes.
    public static func frameTooShort(length: Int) -> WireError {
        WireError(.frameTooShort, "frame length \(length) is shorter than its 2-byte header")
    }

    /// A compressed payload is not a valid zlib stream.
    public static func corruptCompression(_ detail: String) -> WireError {
        WireError(.corruptCompression, "compressed payload does not inflate: \(detail)")
    }

    /// A compressed payload inflates beyond the maximum frame length (a zip bomb, or a bug).
    public static func inflatedTooLarge(maximum: Int) -> WireError {
        WireError(.inflatedTooLarge, "compressed payload inflates beyond \(maximum) bytes")
    }

    /// The payload does not decode as the message its type names.
    public static func malformedPayload(_ detail: String) -> WireError {
        WireError(.malformedPayload, "payload does not decode: \(detail)")
    }

    /// A frame that is valid but not allowed here (e.g. a Snapshot before Hello).
    public static func unexpectedFrame(_ detail: String) -> WireError {
        WireError(.unexpectedFrame, detail)
    }

    /// Whether two errors are of the same kind, whatever their details.
    public func hasSameKind(as other: WireError) -> Bool { self.code == other.code }

    public var description: String { self.detail }
}
