public import NIOCore

/// Splits a byte stream into frames.
///
/// If nil is returned, `readerIndex` is **not** moved forward. The length prefix is checked against
/// `maximumLength` as soon as its four bytes are available, before the rest of the frame is buffered, so a
/// hostile length can never make the receiver allocate.
public struct FrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    public typealias InboundOut = Frame

    private let fixedMaximum: Int
    private let limit: FrameLimit?

    /// The largest `length` accepted now.
    public var maximumLength: Int { self.limit?.value ?? self.fixedMaximum }

    public init(maximumLength: Int = Frame.defaultMaximumLength) {
        self.fixedMaximum = maximumLength
        self.limit = nil
    }

    /// A decoder whose maximum follows `limit` (raised by the session after authentication).
    public init(limit: FrameLimit) {
        self.fixedMaximum = limit.value
        self.limit = limit
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        let frameLength = Int(length)
        let maximum = self.maximumLength
        guard frameLength <= maximum else {
            throw WireError.frameTooLarge(length: frameLength, maximum: maximum)
        }
        guard frameLength >= Frame.headerLength else { throw WireError.frameTooShort(length: frameLength) }
        guard buffer.readableBytes >= 4 + frameLength else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        guard let type = buffer.readInteger(as: UInt8.self), let flags = buffer.readInteger(as: UInt8.self),
            let payload = buffer.readSlice(length: frameLength - Frame.headerLength)
        else {
            preconditionFailure("readable bytes were checked above")
        }
        self.limit?.frameArrived()
        return Frame(type: FrameType(rawValue: type), flags: FrameFlags(rawValue: flags), payload: payload)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> Frame? {
        // A partial frame at EOF is dropped with the connection; whole frames are still delivered.
        try self.decode(buffer: &buffer)
    }
}

/// Writes frames with their length prefix.
public struct FrameEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = Frame

    public init() {}

    public func encode(data: Frame, out: inout ByteBuffer) throws {
        Self.write(data, to: &out)
    }

    /// Appends `frame` to `buffer` (also used without a channel, e.g. by tests and the simulator).
    public static func write(_ frame: Frame, to buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: 6 + frame.payload.readableBytes)
        buffer.writeInteger(UInt32(Frame.headerLength + frame.payload.readableBytes), endianness: .big)
        buffer.writeInteger(frame.type.rawValue)
        buffer.writeInteger(frame.flags.rawValue)
        var payload = frame.payload
        buffer.writeBuffer(&payload)
    }
}
