import KernelStats

/// A process as the server keeps it: its shape (shared with the process's other snapshots) and its counter table
/// as a bitmask of the counters present and each one's LEB128 varint, in one allocation — ~150 bytes for a typical
/// process, where its fields take ~1,100 (53 counters mostly far below 2^32, most optionals 16 bytes inline).
///
/// Immutable once made: a counter change makes a new one with the same shape.
package struct PackedProcess: @unchecked Sendable {
    // @unchecked: the buffer is written only in `make`, before any value holds it, and never after; ManagedBuffer
    // itself is not Sendable because it could be written.
    private let buffer: ManagedBuffer<Header, UInt8>

    package struct Header {
        let shape: ProcessShape
        /// Bit `i` set: counter `i` is present and has a varint in the bytes.
        let present: UInt64
        let byteCount: Int
    }

    /// A packed process from a full counter table; nil when the table is not one (wrong length).
    static func make(_ shape: ProcessShape, _ counters: [UInt64?]) -> PackedProcess? {
        guard counters.count == ProcessSnapshot.counterCount else { return nil }
        var present: UInt64 = 0
        var byteCount = 0
        for index in counters.indices {
            guard let value = counters[index] else { continue }
            present |= 1 << UInt64(index)
            byteCount += Self.length(value)
        }
        let buffer = ManagedBuffer<Header, UInt8>.create(minimumCapacity: byteCount) { _ in
            Header(shape: shape, present: present, byteCount: byteCount)
        }
        buffer.withUnsafeMutablePointerToElements { bytes in
            var offset = 0
            for case let value? in counters {
                var rest = value
                while rest >= 0x80 {
                    bytes[offset] = UInt8(truncatingIfNeeded: rest) | 0x80
                    rest >>= 7
                    offset += 1
                }
                bytes[offset] = UInt8(truncatingIfNeeded: rest)
                offset += 1
            }
        }
        return PackedProcess(buffer: buffer)
    }

    /// Whether both are the same allocation (so certainly equal).
    func isIdentical(to other: PackedProcess) -> Bool { self.buffer === other.buffer }

    /// A stand-in held only for an instant while a box is checked for uniqueness (``ProcessSnapshot/unique``).
    static let placeholder: PackedProcess = {
        let fields = ProcessSnapshot.Fields(
            stat: .init(),
            status: nil,
            io: nil,
            statm: nil,
            cmdline: [],
            cgroups: [],
            networkNamespace: nil
        )
        let buffer = ManagedBuffer<Header, UInt8>.create(minimumCapacity: 0) { _ in
            Header(shape: ProcessShape(fields), present: 0, byteCount: 0)
        }
        return PackedProcess(buffer: buffer)
    }()

    var shape: ProcessShape { self.buffer.header.shape }

    /// The whole counter table.
    var counters: [UInt64?] {
        var table = [UInt64?](repeating: nil, count: ProcessSnapshot.counterCount)
        self.visit(upTo: ProcessSnapshot.counterCount) { index, value in table[index] = value }
        return table
    }

    /// The fields, rebuilt from the shape and the counters.
    var unpacked: ProcessSnapshot.Fields {
        var fields = self.shape.emptyFields
        ProcessSnapshot.write(self.counters, into: &fields)
        return fields
    }

    /// Calls `body` with each present counter below `limit`, in order (rates read the first few this way).
    func visit(upTo limit: Int, _ body: (Int, UInt64) -> Void) {
        let header = self.buffer.header
        self.buffer.withUnsafeMutablePointerToElements { bytes in
            var offset = 0
            var remaining = header.present
            while remaining != 0 {
                let index = remaining.trailingZeroBitCount
                guard index < limit else { return }
                remaining &= remaining &- 1
                var value: UInt64 = 0
                var shift: UInt64 = 0
                while offset < header.byteCount {
                    let byte = bytes[offset]
                    offset += 1
                    if shift < 64 { value |= UInt64(byte & 0x7f) << shift }
                    shift += 7
                    if byte < 0x80 { break }
                }
                body(index, value)
            }
        }
    }

    private static func length(_ value: UInt64) -> Int {
        value == 0 ? 1 : (70 - value.leadingZeroBitCount) / 7
    }
}
