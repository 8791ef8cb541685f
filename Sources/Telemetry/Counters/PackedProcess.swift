/// A process as the server keeps it: its shape (shared with the process's other snapshots) and its counter table
/// (``VarintTable``), in one allocation — ~150 bytes for a typical process, where its fields take ~1,100.
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
        guard counters.count == ProcessCounter.count, let (present, byteCount) = VarintTable.measure(counters)
        else { return nil }
        let buffer = ManagedBuffer<Header, UInt8>.create(minimumCapacity: byteCount) { _ in
            Header(shape: shape, present: present, byteCount: byteCount)
        }
        buffer.withUnsafeMutablePointerToElements { VarintTable.write(counters, to: $0) }
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
        let header = self.buffer.header
        return self.buffer.withUnsafeMutablePointerToElements { bytes in
            VarintTable.counters(
                bytes,
                byteCount: header.byteCount,
                present: header.present,
                count: ProcessCounter.count
            )
        }
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
            VarintTable.visit(bytes, byteCount: header.byteCount, present: header.present, upTo: limit, body)
        }
    }
}
