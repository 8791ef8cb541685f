import NIOCore
import NIOTestUtils
import Testing
import Wire

@Suite struct FrameDecoderTests {
    static func bytes(_ frame: Frame) -> ByteBuffer {
        var buffer = ByteBuffer()
        FrameEncoder.write(frame, to: &buffer)
        return buffer
    }

    @Test func verifierDripFeedAndBatches() throws {
        let frames = [
            Frame(type: .hello, payload: ByteBuffer(string: "hello")),
            Frame(
                type: .snapshot,
                flags: [.keyframe, .compressed],
                payload: ByteBuffer(bytes: Array(repeating: 7, count: 300))
            ),
            Frame(type: .heartbeat),
            Frame(type: FrameType(rawValue: 200), payload: ByteBuffer(string: "from the future")),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: frames.map { (Self.bytes($0), [$0]) },
            decoderFactory: { FrameDecoder() }
        )
    }

    @Test func partialInputLeavesTheReaderIndexAlone() throws {
        var decoder = FrameDecoder()
        let whole = Self.bytes(Frame(type: .snapshot, payload: ByteBuffer(string: "0123456789")))
        for cut in 0..<whole.readableBytes {
            var partial = whole.getSlice(at: 0, length: cut) ?? ByteBuffer()
            let before = partial.readerIndex
            #expect(try decoder.decode(buffer: &partial) == nil)
            #expect(partial.readerIndex == before)
        }
    }

    @Test func oversizeLengthIsRefusedBeforeBuffering() {
        var decoder = FrameDecoder(maximumLength: 1024)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(1025), endianness: .big)  // only the prefix has arrived
        let error = #expect(throws: WireError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.hasSameKind(as: .frameTooLarge(length: 0, maximum: 0)) == true)
        var huge = ByteBuffer()
        huge.writeInteger(UInt32.max, endianness: .big)
        #expect(throws: WireError.self) { try decoder.decode(buffer: &huge) }
    }

    @Test func lengthShorterThanTheHeaderIsRefused() {
        var decoder = FrameDecoder()
        for length: UInt32 in [0, 1] {
            var buffer = ByteBuffer()
            buffer.writeInteger(length, endianness: .big)
            buffer.writeBytes([1, 0])
            let error = #expect(throws: WireError.self) { try decoder.decode(buffer: &buffer) }
            #expect(error?.hasSameKind(as: .frameTooShort(length: 0)) == true)
        }
    }

    @Test func unknownTypesAndReservedFlagsArriveIntact() throws {
        var decoder = FrameDecoder()
        var buffer = Self.bytes(Frame(type: FrameType(rawValue: 99), flags: FrameFlags(rawValue: 0xF0)))
        let frame = try #require(try decoder.decode(buffer: &buffer))
        #expect(!frame.type.isKnown && frame.type.description == "unknown(99)")
        #expect(frame.flags.rawValue == 0xF0)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var decoder = FrameDecoder(maximumLength: 4096)
            let count = Int.random(in: 0..<64, using: &generator)
            var buffer = ByteBuffer(bytes: (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
            while let frame = try? decoder.decode(buffer: &buffer) {
                #expect(frame.payload.readableBytes <= 4096)
            }
        }
    }
}

@Suite struct CompressionTests {
    @Test func roundTrip() throws {
        let text = String(repeating: "cpu 10132153 290696 3084719 46828483\n", count: 200)
        let compressed = Compression.deflate(ByteBuffer(string: text))
        #expect(compressed.readableBytes < text.utf8.count / 10)
        let inflated = try Compression.inflate(compressed, maximumLength: 1 << 20)
        #expect(String(buffer: inflated) == text)
    }

    @Test func inflateIsCapped() {
        let bomb = Compression.deflate(ByteBuffer(bytes: Array(repeating: 0, count: 1 << 20)))
        let error = #expect(throws: WireError.self) { try Compression.inflate(bomb, maximumLength: 64 * 1024) }
        #expect(error?.hasSameKind(as: .inflatedTooLarge(maximum: 0)) == true)
    }

    @Test func corruptAndTruncatedStreamsAreErrors() {
        let good = Compression.deflate(ByteBuffer(string: String(repeating: "x", count: 1000)))
        let truncated = good.getSlice(at: 0, length: good.readableBytes / 2) ?? ByteBuffer()
        #expect(throws: WireError.self) { try Compression.inflate(truncated, maximumLength: 1 << 20) }
        #expect(throws: WireError.self) {
            try Compression.inflate(ByteBuffer(string: "not zlib at all"), maximumLength: 1 << 20)
        }
        #expect(throws: WireError.self) { try Compression.inflate(ByteBuffer(), maximumLength: 1 << 20) }
    }
}
